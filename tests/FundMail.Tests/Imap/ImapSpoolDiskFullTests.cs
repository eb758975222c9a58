using System;
using System.IO;
using System.Threading.Tasks;
using FundMail.Imap;
using FundMail.Tests.Module;
using Xunit;

namespace FundMail.Tests.Imap
{
    /// <summary>A spool folder that fills up mid-message is a full disk to the admin, not a lost connection; no partial file stays.</summary>
    public class ImapSpoolDiskFullTests : IClassFixture<DovecotFixture>, IDisposable
    {
        private readonly DovecotFixture _fixture;
        private readonly ImapTestSupport _support;
        private readonly string _work = Directory.CreateTempSubdirectory("fundmail-spoolfull-").FullName;

        public ImapSpoolDiskFullTests(DovecotFixture fixture)
        {
            _fixture = fixture;
            _support = new ImapTestSupport(fixture);
        }

        [Fact]
        public async Task A_full_spool_disk_is_reported_as_a_full_disk_and_the_partial_file_is_removed()
        {
            var uid = await _fixture.Server.Mailbox.AppendFileAsync(TestMessages.LargeFile(_work, "spool-full", 1024 * 1024));
            var spool = Directory.CreateDirectory(Path.Combine(_work, "spool")).FullName;
            Assert.Equal(0, Repository.Run("mount", "-t tmpfs -o size=256k fundmail-spool-full \"" + spool + "\"", _work, TimeSpan.FromSeconds(10)).ExitCode);
            try
            {
                using var client = await _support.ConnectAsync();
                await client.ExamineAsync("INBOX", ImapTestSupport.Timeout);
                var delivered = 0;

                var error = await Assert.ThrowsAsync<IOException>(() =>
                    client.FetchAsync(new[] { uid }, spool, _ => { delivered++; return Task.CompletedTask; }, ImapTestSupport.Timeout));

                Assert.Contains("disk holding the spool folder is full", error.Message);
                Assert.DoesNotContain("connection", error.Message);
                Assert.True(FundMail.Util.DiskFull.Caused(error));
                Assert.Equal(0, delivered);
                Assert.Empty(Directory.GetFiles(spool));
            }
            finally
            {
                Repository.Run("umount", "\"" + spool + "\"", _work, TimeSpan.FromSeconds(10));
            }
        }

        public void Dispose() => Directory.Delete(_work, recursive: true);
    }
}
