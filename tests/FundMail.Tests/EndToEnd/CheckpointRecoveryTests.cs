using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Logging;
using FundMail.Mime;
using FundMail.Store;
using Xunit;

namespace FundMail.Tests.EndToEnd
{
    /// <summary>
    /// What a cycle does when its checkpoint cannot be trusted: a crashed batch, a lost or damaged LAST_TIME.json, a new
    /// UIDVALIDITY. Real Dovecot, token endpoint and sshd; each test has an empty mailbox and checks what arrives.
    /// </summary>
    [Collection("cycle servers")]
    public sealed class CheckpointRecoveryTests : IClassFixture<SftpServersFixture>, IAsyncLifetime
    {
        private readonly SftpServersFixture _servers;
        private string _remote = "";

        public CheckpointRecoveryTests(SftpServersFixture servers)
        {
            _servers = servers;
        }

        public async Task InitializeAsync()
        {
            await _servers.Servers.Dovecot.Mailbox.RecreateAsync();
        }

        public Task DisposeAsync() => Task.CompletedTask;

        private async Task<CycleSettings> SettingsAsync(string firstRun, params (string key, string? value)[] extra)
        {
            var folder = "k" + Guid.NewGuid().ToString("N").Substring(0, 8);
            _remote = Path.Combine(_servers.Servers.Sshd!.UploadRoot, folder);
            return CycleSettings.Read(ConfigSource.Load(await _servers.EnvFileAsync(new (string, string?)[] { ("SFTP_REMOTE_DIR", folder), ("FIRST_RUN", firstRun) }.Concat(extra).ToArray())));
        }

        private static async Task<CycleReport> CycleAsync(CycleSettings settings)
        {
            using var tokens = new MsalTokenProvider(settings.Mailbox.App!);
            return await CycleRunner.RunAsync(settings, tokens, NullLog.Instance, CancellationToken.None);
        }

        /// <summary>Message-ID → how many times it is on the SFTP server.</summary>
        private Dictionary<string, int> OnServer() =>
            Directory.GetFiles(_remote, "fm_*.db").SelectMany(db => MailDbReader.Read(db))
                .GroupBy(m => m.MessageId ?? "").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        private static byte[] Mail(string marker, DateTimeOffset sent, string extraHeader = "") =>
            Encoding.UTF8.GetBytes(extraHeader + "From: 펀드 <sender@fundmail.test>\r\nTo: alice@fundmail.test\r\nSubject: " + marker + "\r\n"
                + "Date: " + sent.ToString("ddd, dd MMM yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " +0000\r\n"
                + "Message-ID: <" + marker + "@fundmail.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "body of " + marker + " 안녕하세요\r\n");

        private static void AssertEachOnce(Dictionary<string, int> onServer, params string[] markers)
        {
            foreach (var marker in markers)
            {
                onServer.TryGetValue("<" + marker + "@fundmail.test>", out var count);
                Assert.True(count == 1, marker + " is on the server " + count + " time(s)");
            }
        }

        /// <summary>
        /// A run stores UIDs u1, u2 and u4 in one batch, the server having returned nothing for u3 (an Exchange fault),
        /// queues the batch and dies before writing the checkpoint. The next run must fetch u3 again.
        /// </summary>
        [Fact]
        public async Task A_crashed_batch_keeps_the_uid_the_server_skipped_for_retry()
        {
            var settings = await SettingsAsync("latest");
            var now = DateTimeOffset.Now;
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(Mail("crash0", now));
            await CycleAsync(settings); // baseline: crash0
            var bytes = Enumerable.Range(1, 4).Select(i => Mail("crash" + i, now)).ToList();
            var uids = new List<uint>();
            foreach (var mail in bytes)
                uids.Add(await _servers.Servers.Dovecot.Mailbox.AppendAsync(mail));
            var uidValidity = (await _servers.Servers.Dovecot.Mailbox.GetStatusAsync()).UidValidity;

            // The crashed run, as MailCapture does it, killed after outbox.Queue and before the checkpoint is written.
            var layout = settings.Store.Layout;
            using (var ledger = Ledger.Open(layout.BaseDir))
            {
                var batch = StoreBatch.Begin(layout, now, ledger);
                var parser = new MimeParser();
                var parse = new MimeParseOptions { AttachmentDirectory = Path.Combine(layout.SpoolDir, "parts") };
                Directory.CreateDirectory(Path.Combine(layout.SpoolDir, "fetch"));
                foreach (var index in new[] { 0, 1, 3 })
                {
                    var raw = Path.Combine(layout.SpoolDir, "fetch", uids[index] + ".eml");
                    File.WriteAllBytes(raw, bytes[index]);
                    var mail = parser.Parse(raw, parse);
                    mail.Uid = uids[index];
                    mail.UidValidity = uidValidity;
                    mail.ReceivedTime = now;
                    Assert.True(batch.Add(mail, now));
                }
                batch.RecordFetch(uidValidity, uids, new[] { uids[2] }, null);
                var stored = batch.Commit();
                ledger.Record(stored.DbPath);
                new Outbox(layout.BaseDir).Queue(stored.DbPath);
            }

            var report = await CycleAsync(settings);
            Assert.Equal(1, report.MailsStored);
            Assert.Empty(report.RetryUids);
            Assert.Equal(uids[3], report.LastUid);
            AssertEachOnce(OnServer(), "crash0", "crash1", "crash2", "crash3", "crash4");
        }

        [Theory]
        [InlineData("deleted")]
        [InlineData("corrupt")]
        public async Task A_lost_checkpoint_is_rebuilt_from_the_ledger_and_skips_no_older_mail(string damage)
        {
            var settings = await SettingsAsync("today");
            var now = DateTimeOffset.Now;
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(Mail("lost0-" + damage, now));
            await CycleAsync(settings); // first run: today's mail
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(Mail("lost1-" + damage, now.AddDays(-3)), now.AddDays(-3));
            await CycleAsync(settings); // a mail received days ago, after the checkpoint's UID

            var checkpointPath = Path.Combine(settings.Store.Layout.BaseDir, Checkpoint.FileName);
            if (damage == "deleted")
                File.Delete(checkpointPath);
            else
                File.WriteAllText(checkpointPath, "{\"uid_validity\": 17, \"last_ui");
            // Received two days ago, delivered late: a first run (today's mail only) would skip it.
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(Mail("lost2-" + damage, now.AddDays(-2)), now.AddDays(-2));
            var report = await CycleAsync(settings);

            Assert.Equal(1, report.MailsStored);
            Assert.Contains(report.Warnings, w => w.Contains("rebuilt from the ledger"));
            AssertEachOnce(OnServer(), "lost0-" + damage, "lost1-" + damage, "lost2-" + damage);
            var status = CycleStatus.Read(settings.Store.Layout.BaseDir);
            Assert.NotNull(status.CheckpointRebuilt);
            Assert.Contains(damage == "deleted" ? "missing" : "not valid", status.CheckpointRebuiltReason);
            if (damage == "corrupt")
                Assert.Single(Directory.GetFiles(settings.Store.Layout.BaseDir, Checkpoint.FileName + ".corrupt-*"));
        }

        /// <summary>
        /// The mailbox is rebuilt (new UIDVALIDITY): its mail comes back with new UIDs, one of it re-rendered (same
        /// Message-ID, sender and Date, different bytes), and with it a mail received long before the checkpoint's time
        /// that was never captured. All of it must be on the server exactly once, and status says the UIDVALIDITY changed.
        /// </summary>
        [Fact]
        public async Task A_new_uidvalidity_relists_back_to_the_oldest_known_mail_and_recognises_re_rendered_mail()
        {
            var settings = await SettingsAsync("latest");
            var now = DateTimeOffset.Now;
            var mailbox = _servers.Servers.Dovecot.Mailbox;
            var received = new[] { now, now.AddDays(-5), now.AddDays(-3) };
            var mails = Enumerable.Range(0, 3).Select(i => Mail("uv" + i, received[i])).ToList();
            await mailbox.AppendAsync(mails[0], received[0]);
            await CycleAsync(settings); // baseline: uv0
            await mailbox.AppendAsync(mails[1], received[1]);
            await mailbox.AppendAsync(mails[2], received[2]);
            Assert.Equal(2, (await CycleAsync(settings)).MailsStored);

            await mailbox.RecreateAsync();
            await mailbox.AppendAsync(mails[0], received[0]);
            await mailbox.AppendAsync(mails[1], received[1]);
            await mailbox.AppendAsync(Mail("uv2", received[2], "X-MS-Exchange-Organization-Rerendered: yes\r\n"), received[2]);
            await mailbox.AppendAsync(Mail("uv3", now.AddDays(-5)), now.AddDays(-5));
            var report = await CycleAsync(settings);

            Assert.Equal(1, report.MailsStored);
            Assert.Equal(3, report.MailsAlreadyStored);
            AssertEachOnce(OnServer(), "uv0", "uv1", "uv2", "uv3");
            // The event is flagged for the admin: in the run's report and in status until a later change replaces it.
            Assert.StartsWith("UIDVALIDITY changed from ", report.UidValidityChange);
            await CycleAsync(settings);
            var status = CycleStatus.Read(settings.Store.Layout.BaseDir);
            Assert.NotNull(status.UidValidityChanged);
            Assert.Equal(report.UidValidityChange, status.UidValidityChange);
            Assert.Contains("UIDVALIDITY changed from ", status.ToString());
        }

        /// <summary>
        /// After a UIDVALIDITY change, a mail that shares Message-ID, sender and Date with one stored before but says something
        /// else (another body, another attachment) is another mail: it is stored, while the re-rendered copy of the stored one
        /// (other bytes, same content) is recognised.
        /// </summary>
        [Fact]
        public async Task A_new_uidvalidity_stores_a_mail_that_shares_a_Message_ID_but_not_its_content()
        {
            var settings = await SettingsAsync("latest");
            var now = DateTimeOffset.Now;
            var mailbox = _servers.Servers.Dovecot.Mailbox;
            await mailbox.AppendAsync(Mail("same-id", now), now);
            await CycleAsync(settings); // baseline: same-id

            await mailbox.RecreateAsync();
            await mailbox.AppendAsync(Mail("same-id", now, "X-MS-Exchange-Organization-Rerendered: yes\r\n"), now);
            var other = Encoding.UTF8.GetString(Mail("same-id", now)).Replace("body of same-id", "a corrected figure: 1,250,000");
            await mailbox.AppendAsync(Encoding.UTF8.GetBytes(other), now);
            var report = await CycleAsync(settings);

            Assert.Equal(1, report.MailsStored);
            Assert.Equal(1, report.MailsAlreadyStored);
            var bodies = Directory.GetFiles(_remote, "fm_*.db").SelectMany(db => MailDbReader.Read(db)).Select(m => m.BodyText ?? "").ToList();
            Assert.Equal(2, bodies.Count);
            Assert.Single(bodies, b => b.Contains("1,250,000"));
        }

        /// <summary>
        /// A UIDVALIDITY change relists in batches; a run stopped after some of them (here cancelled right after the batch
        /// that stored rl3) leaves a checkpoint in the new UIDs, and the next run must still recognise the re-rendered rl2
        /// that lies beyond it, not store it a second time; also when that checkpoint is then lost and rebuilt from the
        /// ledger, which learns from the batch DB that its run was relisting.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_relisting_stopped_between_batches_goes_on_recognising_re_rendered_mail(bool checkpointLost)
        {
            var settings = await SettingsAsync("latest", ("BATCH_MAX_MAILS", "1"));
            var now = DateTimeOffset.Now;
            var mailbox = _servers.Servers.Dovecot.Mailbox;
            await mailbox.AppendAsync(Mail("rl0", now), now);
            await CycleAsync(settings); // baseline: rl0
            await mailbox.AppendAsync(Mail("rl1", now.AddDays(-2)), now.AddDays(-2));
            await mailbox.AppendAsync(Mail("rl2", now.AddDays(-1)), now.AddDays(-1));
            Assert.Equal(2, (await CycleAsync(settings)).MailsStored);

            await mailbox.RecreateAsync();
            await mailbox.AppendAsync(Mail("rl0", now), now);
            await mailbox.AppendAsync(Mail("rl1", now.AddDays(-2)), now.AddDays(-2));
            await mailbox.AppendAsync(Mail("rl3", now.AddDays(-1)), now.AddDays(-1));
            await mailbox.AppendAsync(Mail("rl2", now.AddDays(-1), "X-MS-Exchange-Organization-Rerendered: yes\r\n"), now.AddDays(-1));
            using (var stop = new CancellationTokenSource())
            using (var tokens = new MsalTokenProvider(settings.Mailbox.App!))
            {
                var log = new StopOnLog("stored 1 mail(s)", stop);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CycleRunner.RunAsync(settings, tokens, log, stop.Token));
            }
            if (checkpointLost)
                File.Delete(Path.Combine(settings.Store.Layout.BaseDir, Checkpoint.FileName));
            var next = await CycleAsync(settings);

            Assert.Equal(0, next.MailsStored);
            Assert.Equal(1, next.MailsAlreadyStored);
            AssertEachOnce(OnServer(), "rl0", "rl1", "rl2", "rl3");
            if (checkpointLost)
                Assert.Contains(next.Warnings, w => w.Contains("still relisting after a UIDVALIDITY change"));
        }

        /// <summary>Cancels the run the moment a line containing <paramref name="text"/> is logged.</summary>
        private sealed class StopOnLog : ILog
        {
            private readonly string _text;
            private readonly CancellationTokenSource _stop;

            public StopOnLog(string text, CancellationTokenSource stop)
            {
                _text = text;
                _stop = stop;
            }

            public void Write(LogLevel level, string message)
            {
                if (message.Contains(_text))
                    _stop.Cancel();
            }
        }
    }
}
