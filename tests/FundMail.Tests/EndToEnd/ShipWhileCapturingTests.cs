using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Logging;
using FundMail.Store;
using FundMail.Tests.Imap;
using Xunit;

namespace FundMail.Tests.EndToEnd
{
    /// <summary>A cycle uploads each committed batch while it captures the next (real Dovecot, token endpoint and sshd).</summary>
    [Collection("cycle servers")]
    public sealed class ShipWhileCapturingTests : IClassFixture<SftpServersFixture>
    {
        private readonly SftpServersFixture _servers;

        public ShipWhileCapturingTests(SftpServersFixture servers)
        {
            _servers = servers;
        }

        /// <summary>
        /// The capture of the second batch waits, in its log line, until the first batch is on the server: only a cycle that
        /// ships while it captures gets past that wait; one that ships after capture would time out there.
        /// </summary>
        [Fact]
        public async Task The_first_batch_is_on_the_server_while_the_next_is_captured_and_the_cycle_ends_with_all_shipped()
        {
            await _servers.Servers.Dovecot.Mailbox.RecreateAsync();
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(TestMessages.Small("lane baseline"));
            var folder = "w" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var settings = CycleSettings.Read(ConfigSource.Load(await _servers.EnvFileAsync(
                ("SFTP_REMOTE_DIR", folder), ("FIRST_RUN", "latest"), (ConfigKeys.BatchMaxMails, "3"))));
            await CycleAsync(settings, NullLog.Instance);
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(Enumerable.Range(0, 9).Select(i => TestMessages.Small("lane " + i)).ToList());

            var log = new SecondBatchWaitsForFirstUpload(TimeSpan.FromSeconds(60));
            var report = await CycleAsync(settings, log);

            Assert.Equal(3, report.Batches);
            Assert.True(log.FirstUploadSeenBySecondBatch, "the second batch was stored before any upload of this cycle finished");
            Assert.Null(report.UploadError);
            Assert.Empty(new Outbox(settings.Store.Layout.BaseDir).Pending());
            var remote = Path.Combine(_servers.Servers.Sshd!.UploadRoot, folder);
            Assert.Equal(10, Directory.GetFiles(remote, "fm_*.db").Sum(db => MailDbReader.Read(db).Count()));
            Assert.True(report.Timings["upload"] > 0);
        }

        private static async Task<CycleReport> CycleAsync(CycleSettings settings, ILog log)
        {
            using var tokens = new MsalTokenProvider(settings.Mailbox.App!);
            return await CycleRunner.RunAsync(settings, tokens, log, CancellationToken.None);
        }

        /// <summary>Holds the second "stored" line until an "uploaded" line was written, or until the timeout.</summary>
        private sealed class SecondBatchWaitsForFirstUpload : ILog
        {
            private readonly ManualResetEventSlim _uploaded = new ManualResetEventSlim();
            private readonly TimeSpan _timeout;
            private int _stored;

            public SecondBatchWaitsForFirstUpload(TimeSpan timeout)
            {
                _timeout = timeout;
            }

            public bool FirstUploadSeenBySecondBatch { get; private set; }

            public void Write(LogLevel level, string message)
            {
                if (message.StartsWith("uploaded ", StringComparison.Ordinal))
                    _uploaded.Set();
                else if (message.StartsWith("stored ", StringComparison.Ordinal) && Interlocked.Increment(ref _stored) == 2)
                    FirstUploadSeenBySecondBatch = _uploaded.Wait(_timeout);
            }
        }
    }
}
