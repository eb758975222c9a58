using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Imap;
using FundMail.Logging;
using FundMail.Mime;
using FundMail.Store;
using FundMail.TestServers.Mail;
using Xunit;

namespace FundMail.Tests.EndToEnd
{
    /// <summary>The daily log and status.json are for people: when they cannot be written, capture goes on and errors stay true.</summary>
    [Collection("cycle servers")]
    public sealed class BestEffortLoggingTests : IClassFixture<SftpServersFixture>, IAsyncLifetime
    {
        private readonly SftpServersFixture _servers;
        private string _folder = "";

        public BestEffortLoggingTests(SftpServersFixture servers)
        {
            _servers = servers;
        }

        public async Task InitializeAsync()
        {
            await _servers.Servers.Dovecot.Mailbox.RecreateAsync();
            _folder = "l" + Guid.NewGuid().ToString("N").Substring(0, 8);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        [Fact]
        public async Task A_log_folder_that_cannot_be_written_stops_nothing_and_is_reported_once()
        {
            var settings = await SettingsAsync();
            var baseDir = settings.Store.Layout.BaseDir;
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(Sample(0));
            await CycleAsync(settings, NullLog.Instance); // FIRST_RUN=latest: the baseline
            // chmod does not stop root; a file where the folder should be stops everyone.
            var logs = Path.Combine(baseDir, "logs");
            if (Directory.Exists(logs))
                Directory.Delete(logs, true);
            File.WriteAllText(logs, "not a folder");
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(new[] { Sample(1), Sample(2), Sample(3) });

            var console = new RecordingLog();
            var report = await CycleAsync(settings, new TeeLog(console, new DailyFileLog(baseDir)));

            Assert.Equal(3, report.MailsStored);
            Assert.Equal(0, report.QueuedBatches);
            Assert.Equal(4, OnServer().Count);
            Assert.Single(report.Warnings, w => w.Contains("logging failed"));
            Assert.Single(console.Lines, l => l.StartsWith("warning: logging failed (IOException", StringComparison.Ordinal));
            Assert.Equal("ok with warnings", RunStatus.Read(baseDir).LastOutcome);
        }

        [Fact]
        public async Task A_failed_run_whose_status_cannot_be_written_reports_its_real_error_and_logs_it_whole()
        {
            var settings = await SettingsAsync(("IMAP_PORT", ClosedPort().ToString()));
            var baseDir = settings.Store.Layout.BaseDir;
            // status.json cannot be replaced when a folder holding a file has its name.
            Directory.CreateDirectory(Path.Combine(baseDir, RunStatus.FileName));
            File.WriteAllText(Path.Combine(baseDir, RunStatus.FileName, "keep"), "");
            var console = new RecordingLog();
            var file = new DailyFileLog(baseDir);

            var error = await Assert.ThrowsAsync<ImapConnectionException>(() => CycleAsync(settings, new TeeLog(console, file)));

            Assert.Contains("cannot connect to", error.Message);
            Assert.Single(console.Lines, l => l.StartsWith("warning: the run status", StringComparison.Ordinal));
            Assert.Contains("error: cycle failed: " + error.Message, console.Lines);
            Assert.DoesNotContain(console.Lines, l => l.Contains(" at FundMail."));
            var logged = File.ReadAllLines(file.PathFor(DateTimeOffset.Now)).Single(l => l.Contains("ERROR"));
            Assert.Contains("cycle failed: " + error.Message + " | " + typeof(ImapConnectionException).FullName, logged);
            Assert.Contains(" at FundMail.", logged);
        }

        private async Task<CycleSettings> SettingsAsync(params (string key, string? value)[] extra) =>
            CycleSettings.Read(ConfigSource.Load(await _servers.EnvFileAsync(
                new[] { ("SFTP_REMOTE_DIR", (string?)_folder), ("FIRST_RUN", "latest") }.Concat(extra).ToArray())));

        private static async Task<CycleReport> CycleAsync(CycleSettings settings, ILog log)
        {
            using var tokens = new MsalTokenProvider(settings.Mailbox.App!);
            return await CycleRunner.RunAsync(settings, tokens, log, CancellationToken.None);
        }

        private List<MailMessage> OnServer()
        {
            var remote = Path.Combine(_servers.Servers.Sshd!.UploadRoot, _folder);
            return Directory.GetFiles(remote, "fm_*.db").SelectMany(db => MailDbReader.Read(db)).ToList();
        }

        private static int ClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static byte[] Sample(int index) => SampleMail.Bytes(23, index, index % 2 == 0 ? new long[] { 10_000 } : Array.Empty<long>());
    }
}
