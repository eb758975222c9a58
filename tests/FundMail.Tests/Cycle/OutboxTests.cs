using System.IO;
using System.Linq;
using FundMail.Cycle;
using Xunit;

namespace FundMail.Tests.Cycle
{
    public sealed class OutboxTests : System.IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("fm-outbox-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public void Batches_of_one_minute_are_pending_in_the_order_they_were_stored_past_the_ninth()
        {
            // One run's batches in one minute: _2 … _11; then the next minute.
            var names = new[] { "fm_2026_12_05_1600.db" }.Concat(Enumerable.Range(2, 10).Select(n => "fm_2026_12_05_1600_" + n + ".db"))
                .Append("fm_2026_12_05_1601.db").ToList();
            var outbox = new Outbox(_dir);
            foreach (var name in names.AsEnumerable().Reverse())
                outbox.Queue(Path.Combine(_dir, name));

            Assert.Equal(names, outbox.Pending().Select(Path.GetFileName));
        }
    }
}
