using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Logging;
using FundMail.Mime;
using FundMail.Store;
using FundMail.Tests.Mime;
using Xunit;

namespace FundMail.Tests.EndToEnd
{
    /// <summary>Whole cycles against real Dovecot, the token endpoint and sshd; what arrives on the server is checked.</summary>
    [Collection("cycle servers")]
    public sealed class CycleEndToEndTests : IClassFixture<SftpServersFixture>, IAsyncLifetime
    {
        private readonly SftpServersFixture _servers;
        private string _env = "";
        private string _remote = "";

        public CycleEndToEndTests(SftpServersFixture servers)
        {
            _servers = servers;
        }

        public async Task InitializeAsync()
        {
            // Each test gets an empty mailbox, its own BASE_DIR and its own remote folder.
            await _servers.Servers.Dovecot.Mailbox.RecreateAsync();
            var folder = "t" + Guid.NewGuid().ToString("N").Substring(0, 8);
            _remote = Path.Combine(_servers.Servers.Sshd!.UploadRoot, folder);
            _env = await _servers.EnvFileAsync(("SFTP_REMOTE_DIR", folder), ("FIRST_RUN", "latest"));
        }

        public Task DisposeAsync() => Task.CompletedTask;

        private CycleSettings Settings() => CycleSettings.Read(ConfigSource.Load(_env));

        private async Task<CycleReport> Cycle()
        {
            var settings = Settings();
            using var tokens = new MsalTokenProvider(settings.Mailbox.App!);
            return await CycleRunner.RunAsync(settings, tokens, NullLog.Instance, CancellationToken.None);
        }

        private List<MailMessage> OnServer() =>
            Directory.Exists(_remote)
                ? Directory.GetFiles(_remote, "fm_*.db").OrderBy(f => f, StringComparer.Ordinal).SelectMany(db => MailDbReader.Read(db)).ToList()
                : new List<MailMessage>();

        [Fact]
        public async Task Corpus_mail_arrives_on_the_server_as_parsed_with_every_file_and_nothing_twice()
        {
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(Encoding("mailgem__basic_email.eml"));
            var baseline = await Cycle(); // FIRST_RUN=latest: this one mail is the baseline
            Assert.Equal(1, baseline.MailsStored);

            var corpus = CorpusLocator.Find();
            var files = new[]
            {
                "korean__k02_outlook_ks_c_attachments_rfc2047_quoted.eml", "korean__k06_path_tricks_rfc2231.eml",
                "korean__k07_outlook_ks_c_cp949_only_syllables.eml", "mimekit__tnef_ukr.eml", "korean__k10_forward_as_attachment_rfc822.eml",
            };
            foreach (var file in files)
                await _servers.Servers.Dovecot.Mailbox.AppendFileAsync(Path.Combine(corpus, file));
            var report = await Cycle();
            Assert.Equal(files.Length, report.MailsStored);
            Assert.Equal(0, report.QueuedBatches);

            var arrived = OnServer();
            Assert.Equal(files.Length + 1, arrived.Count);
            using var parse = new TempParse();
            foreach (var file in files)
            {
                var direct = parse.ParseFile(Path.Combine(corpus, file));
                var stored = Assert.Single(arrived, m => m.EmailId == direct.EmailId);
                Assert.Equal(direct.Subject, stored.Subject);
                Assert.Equal(direct.From?.ToString(), stored.From?.ToString());
                Assert.Equal(direct.BodyText, stored.BodyText);
                // The raw bytes differ on purpose: IMAP delivers CRLF where the corpus file has bare LF.
                Assert.Equal(direct.Attachments.Select(a => a.Sha256), stored.Attachments.Select(a => a.Sha256));
                // Every file the server's DB names is there, whole (the DB's own paths resolve beside it on the server).
                Assert.All(stored.Attachments, a => Assert.Equal(a.Sha256, Sha256(a.ContentPath)));
                Assert.Equal(stored.RawSha256, Sha256(stored.RawPath));
            }

            var idle = await Cycle();
            Assert.Equal(0, idle.MailsStored);
            Assert.Null(idle.DbPath);
            Assert.Empty(idle.Uploaded);
            Assert.Equal(files.Length + 1, OnServer().Count);
        }

        [Fact]
        public async Task A_down_sftp_server_keeps_batches_queued_and_they_go_first_next_time()
        {
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(Encoding("mailgem__basic_email.eml"));
            await Cycle();
            _servers.Servers.Sshd!.Kill();
            try
            {
                await _servers.Servers.Dovecot.Mailbox.AppendAsync(Sample(1));
                var down = await Cycle();
                Assert.Equal(1, down.MailsStored);
                Assert.Equal(1, down.QueuedBatches);
                Assert.Contains("not usable", down.UploadError);
                var status = CycleStatus.Read(Settings().Store.Layout.BaseDir);
                Assert.Equal("stored, upload pending", status.LastOutcome);
                Assert.Equal(1, status.ErrorsLast24Hours);
                await _servers.Servers.Dovecot.Mailbox.AppendAsync(Sample(2));
                var stillDown = await Cycle();
                Assert.Equal(2, stillDown.QueuedBatches);
            }
            finally
            {
                await _servers.Servers.Sshd!.RestartAsync();
            }
            var back = await Cycle();
            Assert.Equal(0, back.QueuedBatches);
            Assert.Null(back.UploadError);
            Assert.Equal("ok", CycleStatus.Read(Settings().Store.Layout.BaseDir).LastOutcome);
            Assert.Equal(3, OnServer().Select(m => m.EmailId).Distinct().Count());
            Assert.Equal(3, OnServer().Count);
        }

        [Fact]
        public async Task A_lost_outbox_marker_does_not_leave_stored_mail_unshipped()
        {
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(Sample(0));
            await Cycle();
            _servers.Servers.Sshd!.Kill();
            try
            {
                await _servers.Servers.Dovecot.Mailbox.AppendAsync(new[] { Sample(1), Sample(2) });
                Assert.Equal(2, (await Cycle()).MailsStored);
            }
            finally
            {
                await _servers.Servers.Sshd!.RestartAsync();
            }
            foreach (var marker in Directory.GetFiles(Path.Combine(Settings().Store.Layout.BaseDir, "outbox")))
                File.Delete(marker);
            var healed = await Cycle();
            Assert.Contains(healed.Uploaded, u => u.LocalPath.EndsWith(".db", StringComparison.Ordinal));
            Assert.Equal(3, OnServer().Count);
        }

        [Fact]
        public async Task A_second_cycle_while_one_runs_exits_at_once_as_already_running()
        {
            var settings = Settings();
            using (RunLock.Acquire(settings.Store.Layout.BaseDir))
            {
                var error = await Assert.ThrowsAsync<AlreadyRunningException>(Cycle);
                Assert.Contains("already running", error.Message);
            }
            await Cycle();
        }

        [Fact]
        public async Task A_changed_uidvalidity_loses_nothing_and_duplicates_nothing()
        {
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(Sample(0));
            await Cycle();
            var before = Enumerable.Range(1, 4).Select(Sample).ToList();
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(before);
            Assert.Equal(4, (await Cycle()).MailsStored);

            // The mailbox is rebuilt: same mail back with new UIDs under a new UIDVALIDITY, plus mail that is new.
            await _servers.Servers.Dovecot.Mailbox.RecreateAsync();
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(new[] { Sample(0) }.Concat(before).Concat(new[] { Sample(5), Sample(6) }).ToList());
            var after = await Cycle();
            Assert.Equal(2, after.MailsStored);
            Assert.Equal(5, after.MailsAlreadyStored);
            var ids = OnServer().Select(m => m.EmailId).ToList();
            Assert.Equal(7, ids.Count);
            Assert.Equal(7, ids.Distinct().Count());
        }

        private static byte[] Sample(int index) => FundMail.TestServers.Mail.SampleMail.Bytes(7, index, index % 2 == 0 ? new long[] { 10_000 } : Array.Empty<long>());

        private static byte[] Encoding(string corpusFile) => File.ReadAllBytes(Path.Combine(CorpusLocator.Find(), corpusFile));

        private static string Sha256(string path)
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
        }
    }
}
