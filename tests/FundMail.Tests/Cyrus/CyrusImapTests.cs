using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Logging;
using FundMail.Mailbox;
using FundMail.Mime;
using FundMail.Store;
using FundMail.TestServers.Mail;
using Xunit;

namespace FundMail.Tests.Cyrus
{
    /// <summary>
    /// FundMail against a second IMAP implementation, Cyrus imapd, only through what Get-FundMail and a cycle use (the mail
    /// reader and the cycle runner), so these tests hold whatever IMAP client sits behind them. Cyrus stores what APPEND
    /// gives it unchanged once 8-bit header munging is off, but refuses bare LF, NUL and malformed header lines; the mail
    /// here is CRLF and well formed.
    /// </summary>
    public sealed class CyrusImapTests : IClassFixture<CyrusFixture>
    {
        private readonly CyrusFixture _servers;

        public CyrusImapTests(CyrusFixture servers)
        {
            _servers = servers;
        }

        private static string NewFolder() => "INBOX.t" + Guid.NewGuid().ToString("N").Substring(0, 8);

        private static byte[] RawUtf8Headers() => Encoding.UTF8.GetBytes(
            "From: \"김운용\" <kim@fund.example>\r\nSubject: 운용보고서 송부 (8-bit UTF-8 header)\r\nDate: Tue, 1 Oct 2024 09:30:00 +0900\r\n" +
            "Message-ID: <raw-utf8@fund.example>\r\n\r\n본문입니다.\r\n");

        [Theory]
        [InlineData("tls")]
        [InlineData("starttls")]
        public async Task Login_and_a_read_only_fetch_return_every_mail_byte_exact_and_mark_nothing_seen(string security)
        {
            var folder = NewFolder();
            var mailbox = _servers.Cyrus.Mailbox;
            await mailbox.RecreateAsync(folder);
            var delivered = new Dictionary<uint, byte[]>();
            foreach (var raw in new[] { SampleMail.Bytes(18, 0), SampleMail.Bytes(18, 1, 48 * 1024), SampleMail.Bytes(18, 2), RawUtf8Headers() })
                delivered[await mailbox.AppendAsync(raw, folder)] = raw;
            var status = await mailbox.GetStatusAsync(folder);

            var port = security == "tls" ? _servers.Cyrus.ImapsPort : _servers.Cyrus.ImapPort;
            var env = await _servers.EnvFileAsync(folder, ("IMAP_SECURITY", security), ("IMAP_PORT", port.ToString()));
            var settings = MailboxSettings.Read(ConfigSource.Load(env));
            var fetched = new Dictionary<uint, (byte[] Raw, string? Subject)>();
            using (var reader = await MailReader.OpenAsync(settings.Imap, null, NullLog.Instance, CancellationToken.None))
            {
                Assert.Equal(status.UidValidity, reader.State.UidValidity);
                var uids = await reader.FindAsync(MailQuery.LastMessages(10), CancellationToken.None);
                await reader.FetchAsync(uids, mail =>
                {
                    Assert.Equal(status.UidValidity, mail.UidValidity);
                    fetched[mail.Uid] = (File.ReadAllBytes(mail.RawPath), mail.Subject);
                    return Task.CompletedTask;
                }, CancellationToken.None);
            }

            Assert.Equal(delivered.Keys.OrderBy(u => u), fetched.Keys.OrderBy(u => u));
            foreach (var (uid, raw) in delivered)
                Assert.True(raw.AsSpan().SequenceEqual(fetched[uid].Raw), "UID " + uid + " came back changed");
            Assert.Equal("운용보고서 송부 (8-bit UTF-8 header)", fetched[delivered.Keys.Max()].Subject);
            Assert.Equal("[펀드] 일일 기준가 보고 #0", fetched[delivered.Keys.Min()].Subject);

            var flags = await mailbox.GetFlagsAsync(folder);
            Assert.Equal(delivered.Count, flags.Count);
            Assert.All(flags.Values, f => Assert.DoesNotContain("\\Seen", f));
        }

        [Fact]
        public async Task A_wrong_password_is_refused_without_showing_it()
        {
            const string wrong = "not-the-password-5521";
            var settings = MailboxSettings.Read(ConfigSource.Load(await _servers.EnvFileAsync("INBOX", ("EMAIL_PW", wrong))));
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => MailReader.OpenAsync(settings.Imap, null, NullLog.Instance, CancellationToken.None));
            Assert.Contains("authentication failure", refused.Message, StringComparison.OrdinalIgnoreCase); // Cyrus's own reason
            Assert.DoesNotContain(wrong, refused.ToString());
            Assert.DoesNotContain(_servers.Cyrus.Password, refused.ToString());
        }

        [Fact]
        public async Task A_cycle_stores_new_mail_once_and_honours_a_new_UIDVALIDITY()
        {
            var folder = NewFolder();
            var mailbox = _servers.Cyrus.Mailbox;
            await mailbox.RecreateAsync(folder);
            var first = new[] { SampleMail.Bytes(19, 0), SampleMail.Bytes(19, 1, 48 * 1024) };
            foreach (var raw in first)
                await mailbox.AppendAsync(raw, folder);
            var env = await _servers.EnvFileAsync(folder);
            var before = await Cycle(env);
            Assert.Equal(2, before.MailsStored);
            Assert.Equal((await mailbox.GetStatusAsync(folder)).UidValidity, before.UidValidity);

            // The folder is rebuilt (new UIDVALIDITY) holding the same two mails and one new one.
            await mailbox.RecreateAsync(folder);
            foreach (var raw in first.Append(SampleMail.Bytes(19, 2)))
                await mailbox.AppendAsync(raw, folder);
            var rebuilt = (await mailbox.GetStatusAsync(folder)).UidValidity;
            Assert.NotEqual(before.UidValidity, rebuilt);

            var after = await Cycle(env);
            Assert.Equal(rebuilt, after.UidValidity);
            Assert.Equal(1, after.MailsStored);
            Assert.Equal(2, after.MailsAlreadyStored); // re-listed under the new UIDs and recognised
            var stored = OnServer(env);
            Assert.Equal(new[] { "<fm-19-0@fundmail.test>", "<fm-19-1@fundmail.test>", "<fm-19-2@fundmail.test>" },
                stored.Select(m => m.MessageId).OrderBy(id => id, StringComparer.Ordinal));
            Assert.All((await mailbox.GetFlagsAsync(folder)).Values, f => Assert.DoesNotContain("\\Seen", f));
        }

        private static async Task<CycleReport> Cycle(string env) =>
            await CycleRunner.RunAsync(CycleSettings.Read(ConfigSource.Load(env)), null, NullLog.Instance, CancellationToken.None);

        private List<MailMessage> OnServer(string env)
        {
            var remote = Path.Combine(_servers.Sshd.UploadRoot, CycleSettings.Read(ConfigSource.Load(env)).Sftp.RemoteDirectory);
            return Directory.GetFiles(remote, "fm_*.db").SelectMany(db => MailDbReader.Read(db)).ToList();
        }
    }
}
