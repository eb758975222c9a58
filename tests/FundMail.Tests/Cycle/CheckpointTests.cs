using System;
using System.IO;
using FundMail.Cycle;
using Xunit;

namespace FundMail.Tests.Cycle
{
    public sealed class CheckpointTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("fm-ckpt-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public void Absent_checkpoint_means_first_run()
        {
            Assert.Null(Checkpoint.Read(_dir));
        }

        [Fact]
        public void Round_trips_and_leaves_no_temp_files()
        {
            var time = new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.FromHours(9));
            new Checkpoint { UidValidity = 1700000000, LastUid = 42, LastEmailId = "<a@b>", LastTime = time }.Write(_dir);
            new Checkpoint { UidValidity = 1700000000, LastUid = 43, LastEmailId = "<c@d>", LastTime = time }.Write(_dir);
            var read = Checkpoint.Read(_dir)!;
            Assert.Equal(1700000000u, read.UidValidity);
            Assert.Equal(43u, read.LastUid);
            Assert.Equal("<c@d>", read.LastEmailId);
            Assert.Equal(time, read.LastTime);
            Assert.Equal(new[] { Path.Combine(_dir, Checkpoint.FileName) }, Directory.GetFiles(_dir));
            Assert.Contains("\"last_uid\": 43", File.ReadAllText(Path.Combine(_dir, Checkpoint.FileName)));
        }

        [Theory]
        [InlineData("{ not json")]
        [InlineData("{\"last_uid\": 5}")]
        public void A_damaged_checkpoint_is_an_error_that_names_the_file(string contents)
        {
            File.WriteAllText(Path.Combine(_dir, Checkpoint.FileName), contents);
            var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(_dir));
            Assert.Contains(Path.Combine(_dir, Checkpoint.FileName), error.Message);
        }
    }
}
