using System;
using System.IO;
using FundMail.Logging;
using Xunit;

namespace FundMail.Tests.Cycle
{
    public sealed class DailyFileLogTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("fm-log-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public void Writes_one_line_per_event_into_todays_file_without_verbose_noise()
        {
            var log = new DailyFileLog(_dir);
            log.Info("cycle started");
            log.Verbose("C: A1 UID FETCH 1:* (...)");
            log.Error("upload failed:\nconnection reset");
            var lines = File.ReadAllLines(log.PathFor(DateTimeOffset.Now));
            Assert.Equal(2, lines.Length);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d INFO    cycle started$", lines[0]);
            Assert.EndsWith("ERROR   upload failed: connection reset", lines[1]);
            Assert.StartsWith(Path.Combine(_dir, "logs", "fundmail_"), log.PathFor(DateTimeOffset.Now));
        }
    }
}
