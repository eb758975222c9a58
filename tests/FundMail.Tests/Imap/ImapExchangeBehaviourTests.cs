using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Imap;
using FundMail.Net;
using FundMail.TestServers.Pki;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Imap
{
    /// <summary>
    /// Exchange Online's field errors and faults, replayed from transcripts through the real client: each must become
    /// an exception that names the fix, and faults mid-command must not derail the session.
    /// </summary>
    public class ImapExchangeBehaviourTests : IDisposable
    {
        private const string Greeting = "* OK The Microsoft Exchange IMAP4 service is ready. [TQBOADIAUABSADAAMQBDAEEAMAAwADIAMAAuAG4AYQBtAHAAcgBkADAAMQAuAHAAcgBvAGQALgBvAHUAdABsAG8AbwBrAC4AYwBvAG0A]\r\n";
        private const string Capability = "* CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+\r\n";
        private const string Token = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlMzY1LmNvbSJ9.c2lnbmF0dXJlLXNlY3JldC14eXo";
        // One CA and server certificate for all transcripts: RSA key generation dominates these tests otherwise.
        private static readonly TestPki Pki = TestPki.Create();
        private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate = Pki.IssueServer("127.0.0.1");
        private readonly string _caFile = Path.Combine(Path.GetTempPath(), "fundmail-ca-" + Guid.NewGuid().ToString("N") + ".pem");
        private readonly string _spool = Directory.CreateTempSubdirectory("fundmail-exo-").FullName;
        private readonly ConcurrentQueue<string> _trace = new ConcurrentQueue<string>();

        public ImapExchangeBehaviourTests()
        {
            Pki.WriteCaPem(_caFile);
        }

        [Fact]
        public async Task Authenticate_failed_names_scope_service_principal_and_imap_access_as_app()
        {
            string? authenticateTag = null;
            using var server = Serve(line =>
            {
                if (line.Contains("AUTHENTICATE"))
                {
                    authenticateTag = ScriptedImapServer.Tag(line);
                    return "+ eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL291dGxvb2sub2ZmaWNlMzY1LmNvbS8uZGVmYXVsdCJ9\r\n";
                }
                return line == "" ? authenticateTag + " NO AUTHENTICATE failed.\r\n" : Generic(line);
            });
            using var client = await ConnectAsync(server);
            var error = await Assert.ThrowsAsync<ImapAuthenticationException>(() => client.AuthenticateAsync(OAuth(), Timeout));
            Assert.Contains("IMAP.AccessAsApp", error.Message);
            Assert.Contains("https://outlook.office365.com/.default", error.Message);
            Assert.Contains("New-ServicePrincipal", error.Message);
            Assert.Contains("server status 401", error.Message); // the error continuation, decoded
            Assert.DoesNotContain("c2lnbmF0dXJl", error.Message);
            Assert.Contains("", server.Received); // the error continuation was answered with an empty line
            Assert.DoesNotContain(_trace, l => l.Contains("c2lnbmF0dXJl") || l.Contains("dXNlcj1"));
        }

        [Fact]
        public async Task Authenticated_but_not_connected_names_mailbox_permission_and_imap_enablement()
        {
            // Exchange accepts the token, then answers every command with this BAD; the first is MailKit's NAMESPACE after login.
            using var server = Serve(line => line.Contains(" CAPABILITY") || line.Contains(" AUTHENTICATE")
                ? Generic(line)
                : ScriptedImapServer.Tag(line) + " BAD User is authenticated but not connected.\r\n");
            using var client = await ConnectAsync(server);
            var error = await Assert.ThrowsAsync<ImapAuthenticationException>(() => client.AuthenticateAsync(OAuth(), Timeout));
            Assert.DoesNotContain("refused:", error.Message); // the token was not refused: no token hints
            Assert.Contains("Add-MailboxPermission", error.Message);
            Assert.Contains("ImapEnabled", error.Message);
        }

        [Theory]
        [InlineData("AUTHENTICATE")]
        [InlineData("UID FETCH")]
        public async Task Throttling_surfaces_the_suggested_backoff(string command)
        {
            using var server = Serve(line => line.Contains(command)
                ? ScriptedImapServer.Tag(line) + " NO Request is throttled. Suggested Backoff Time: 1500 milliseconds\r\n"
                : Generic(line));
            using var client = await ConnectAsync(server);
            var error = await Assert.ThrowsAsync<ImapThrottledException>(async () =>
            {
                await client.AuthenticateAsync(OAuth(), Timeout);
                await client.ExamineAsync("INBOX", Timeout);
                await client.FetchAsync(new uint[] { 1 }, _spool, _ => Task.CompletedTask, Timeout);
            });
            Assert.Equal(TimeSpan.FromMilliseconds(1500), error.Backoff);
            Assert.Contains("back off 1500 ms", error.Message);
        }

        [Fact]
        public async Task Throttling_as_bad_and_bye_right_after_login_is_throttling_not_a_refused_login()
        {
            // Exchange's field transcript: a throttled session answers the next command with BAD and hangs up. With MailKit
            // that command is its NAMESPACE right after AUTHENTICATE.
            using var server = Serve(line => line.Contains(" CAPABILITY") || line.Contains(" AUTHENTICATE")
                ? Generic(line)
                : ScriptedImapServer.Tag(line) + " BAD Request is throttled. Suggested Backoff Time: 89117 milliseconds\r\n* BYE Connection closed. 14\r\n"
                  + ScriptedImapServer.HangUp);
            using var client = await ConnectAsync(server);
            var error = await Assert.ThrowsAsync<ImapThrottledException>(async () =>
            {
                await client.AuthenticateAsync(OAuth(), Timeout);
                await client.ExamineAsync("INBOX", Timeout);
            });
            Assert.Equal(TimeSpan.FromMilliseconds(89117), error.Backoff);
            Assert.Contains("back off 89117 ms", error.Message);
            Assert.Contains(server.Received, l => l.EndsWith(" NAMESPACE"));
        }

        [Fact]
        public async Task Untagged_exists_expunge_and_flag_updates_mid_fetch_are_absorbed_and_skipped_uids_reported()
        {
            // The server lists 102 but does not return its body (Exchange's known fault); 103's UID comes after its body.
            using var server = Serve(line => line.Contains("UID FETCH") && line.Contains("INTERNALDATE")
                ? Metadata(line, 101, 102, 103)
                : line.Contains("UID FETCH")
                    ? "* 1 FETCH (UID 101 BODY[] {9}\r\nSubject:a)\r\n"
                      + "* 7 EXISTS\r\n* 2 FETCH (FLAGS (\\Seen))\r\n* 3 EXPUNGE\r\n"
                      + "* 2 FETCH (BODY[] {9}\r\nSubject:c UID 103)\r\n"
                      + ScriptedImapServer.Tag(line) + " OK FETCH completed.\r\n"
                    : Generic(line));
            using var client = await ConnectAsync(server);
            await client.AuthenticateAsync(OAuth(), Timeout);
            await client.ExamineAsync("INBOX", Timeout);
            var messages = new List<FetchedMessage>();
            var result = await client.FetchAsync(new uint[] { 101, 102, 103 }, _spool, m => { messages.Add(m); return Task.CompletedTask; }, Timeout);
            Assert.Equal(new uint[] { 101, 103 }, messages.Select(m => m.Uid));
            Assert.Equal(new uint[] { 102 }, result.Missing);
            Assert.Equal(new DateTimeOffset(2026, 11, 21, 9, 17, 0, TimeSpan.FromHours(9)), messages[1].InternalDate);
            Assert.Equal("Subject:c", File.ReadAllText(messages[1].RawPath));
            Assert.Equal(6u, client.Exists); // 7 EXISTS, then one EXPUNGE
            Assert.Equal(2, Directory.GetFiles(_spool).Length); // the flag update left no file behind
            await client.NoopAsync(Timeout); // still in step
        }

        [Fact]
        public async Task A_body_gone_between_the_size_and_the_body_fetch_is_missing_not_an_empty_mail()
        {
            // Expunged by another session after its size came: Dovecot answers NIL or an empty literal (found by the chaos run).
            using var server = Serve(line => line.Contains("UID FETCH") && line.Contains("INTERNALDATE")
                ? Metadata(line, 101, 102)
                : line.Contains("UID FETCH")
                    ? "* 1 FETCH (UID 101 BODY[] NIL)\r\n* 2 FETCH (UID 102 BODY[] {0}\r\n)\r\n" + ScriptedImapServer.Tag(line) + " OK FETCH completed.\r\n"
                    : Generic(line));
            using var client = await ConnectAsync(server);
            await client.AuthenticateAsync(OAuth(), Timeout);
            await client.ExamineAsync("INBOX", Timeout);
            var delivered = 0;
            var result = await client.FetchAsync(new uint[] { 101, 102 }, _spool, _ => { delivered++; return Task.CompletedTask; }, Timeout);
            Assert.Equal(0, delivered);
            Assert.Equal(new uint[] { 101, 102 }, result.Missing);
            Assert.Empty(Directory.GetFiles(_spool));
        }

        [Fact]
        public async Task Bye_in_the_middle_of_a_fetch_ends_it_with_the_server_reason()
        {
            using var server = Serve(line => line.Contains("UID FETCH") && line.Contains("INTERNALDATE")
                ? Metadata(line, 101, 102)
                : line.Contains("UID FETCH")
                    ? "* 1 FETCH (UID 101 BODY[] {9}\r\nSubject:a)\r\n* BYE Connection closed. 14\r\n" + ScriptedImapServer.HangUp
                    : Generic(line));
            using var client = await ConnectAsync(server);
            await client.AuthenticateAsync(OAuth(), Timeout);
            await client.ExamineAsync("INBOX", Timeout);
            var delivered = 0;
            var error = await Assert.ThrowsAsync<ImapConnectionException>(() =>
                client.FetchAsync(new uint[] { 101, 102 }, _spool, _ => { delivered++; return Task.CompletedTask; }, Timeout));
            Assert.Contains("Connection closed. 14", error.Message);
            Assert.Equal(1, delivered);
        }

        [Fact]
        public async Task Long_uid_sets_are_split_into_commands_under_the_line_limit()
        {
            var uids = Enumerable.Range(1, 3000).Select(i => (uint)(i * 2)).ToList(); // no ranges possible
            using var server = Serve(line => line.Contains("UID FETCH") ? ScriptedImapServer.Tag(line) + " OK FETCH completed.\r\n" : Generic(line));
            using var client = await ConnectAsync(server);
            await client.AuthenticateAsync(OAuth(), Timeout);
            await client.ExamineAsync("INBOX", Timeout);
            var result = await client.FetchAsync(uids, _spool, _ => Task.CompletedTask, Timeout);
            var fetches = server.Received.Where(l => l.Contains("UID FETCH")).ToList();
            Assert.Equal(fetches.Count, result.Commands);
            Assert.InRange(fetches.Count, 3, 10);
            Assert.All(fetches, l => Assert.True(l.Length < 4100, "command of " + l.Length + " octets"));
            Assert.Equal(uids, result.Missing);
        }

        [Fact]
        public async Task Silent_server_times_out_and_cancellation_is_honoured()
        {
            using var server = Serve(line => line.Contains("NOOP") ? null : Generic(line));
            using var client = await ConnectAsync(server, TimeSpan.FromSeconds(1));
            await client.AuthenticateAsync(ImapCredentials.Login("u@x.test", new Secret("pw")), Timeout);
            var started = DateTime.UtcNow;
            var timeout = await Assert.ThrowsAsync<ImapTimeoutException>(() => client.NoopAsync(Timeout));
            Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
            Assert.Contains("NOOP", timeout.Message);
            await Assert.ThrowsAsync<ImapConnectionException>(() => client.NoopAsync(Timeout));

            using var server2 = Serve(line => line.Contains("NOOP") ? null : Generic(line));
            using var client2 = await ConnectAsync(server2, TimeSpan.FromSeconds(30));
            await client2.AuthenticateAsync(ImapCredentials.Login("u@x.test", new Secret("pw")), Timeout);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client2.NoopAsync(cancel.Token));
        }

        [Fact]
        public async Task Non_ascii_password_goes_as_a_synchronising_literal_after_the_servers_go_ahead()
        {
            string? loginTag = null;
            using var server = Serve(line =>
            {
                if (line.Contains(" LOGIN "))
                {
                    loginTag = ScriptedImapServer.Tag(line);
                    return "+ Ready for additional command text.\r\n";
                }
                if (loginTag != null)
                {
                    var tag = loginTag;
                    loginTag = null;
                    return tag + " OK LOGIN completed.\r\n";
                }
                return line.Contains(" CAPABILITY") ? "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + ScriptedImapServer.Tag(line) + " OK done\r\n" : Generic(line);
            });
            using var client = await ConnectAsync(server);
            await client.AuthenticateAsync(ImapCredentials.Login("u@x.test", new Secret("비밀번호-pw")), Timeout);
            var byteCount = System.Text.Encoding.UTF8.GetByteCount("비밀번호-pw");
            Assert.Contains(server.Received, l => l.EndsWith(" LOGIN u@x.test {" + byteCount + "}"));
            Assert.Contains(_trace, l => l.StartsWith("C: ") && l.Contains(" LOGIN "));
            Assert.DoesNotContain(_trace, l => l.Contains("-pw"));
            Assert.True(client.IsAuthenticated);
        }

        [Fact]
        public async Task Server_that_accepts_but_never_speaks_times_out_during_connect()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                var options = new ImapConnectOptions("127.0.0.1")
                {
                    Port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port,
                    Trust = TlsTrust.WithExtraCa(_caFile),
                    ConnectTimeout = TimeSpan.FromSeconds(1),
                };
                using var client = new MailKitMailboxClient(options);
                var started = DateTime.UtcNow;
                var error = await Assert.ThrowsAsync<ImapTimeoutException>(() => client.ConnectAsync(Timeout));
                Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
                Assert.Contains("connect to 127.0.0.1", error.Message);
            }
            finally
            {
                listener.Stop();
            }
        }

        public void Dispose()
        {
            File.Delete(_caFile);
            Directory.Delete(_spool, recursive: true);
        }

        private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

        private static ImapCredentials OAuth() => ImapCredentials.XOAuth2("fund@contoso.test", _ => Task.FromResult(new Secret(Token)));

        private ScriptedImapServer Serve(Func<string, string?> script) =>
            new ScriptedImapServer(Certificate, Greeting, script);

        private async Task<MailKitMailboxClient> ConnectAsync(ScriptedImapServer server, TimeSpan? commandTimeout = null)
        {
            var client = new MailKitMailboxClient(new ImapConnectOptions("127.0.0.1")
            {
                Port = server.Port,
                Trust = TlsTrust.WithExtraCa(_caFile),
                CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(10),
                Trace = _trace.Enqueue,
            });
            await client.ConnectAsync(Timeout);
            return client;
        }

        /// <summary>The answer to the fetch of dates and sizes that precedes the bodies' fetch.</summary>
        private static string Metadata(string line, params uint[] uids) =>
            string.Concat(uids.Select((uid, i) => "* " + (i + 1) + " FETCH (UID " + uid + " INTERNALDATE \"21-Nov-2026 09:" + (15 + i)
                                                  + ":00 +0900\" RFC822.SIZE 9)\r\n"))
            + ScriptedImapServer.Tag(line) + " OK FETCH completed.\r\n";

        /// <summary>Exchange-like answers to the commands a test does not script.</summary>
        private static string? Generic(string line)
        {
            var tag = ScriptedImapServer.Tag(line);
            if (line.Contains(" CAPABILITY"))
                return Capability + tag + " OK CAPABILITY completed.\r\n";
            if (line.Contains(" AUTHENTICATE") || line.Contains(" LOGIN"))
                return tag + " OK AUTHENTICATE completed.\r\n";
            if (line.Contains(" NAMESPACE"))
                return "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n" + tag + " OK NAMESPACE completed.\r\n";
            if (line.Contains(" LIST "))
                return "* LIST (\\Marked \\HasNoChildren) \"/\" INBOX\r\n" + tag + " OK LIST completed.\r\n";
            if (line.Contains(" EXAMINE"))
                return "* 3 EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)\r\n"
                       + "* OK [PERMANENTFLAGS ()] No permanent flags permitted\r\n* OK [UIDVALIDITY 14] UIDVALIDITY value\r\n"
                       + "* OK [UIDNEXT 104] The next unique identifier value\r\n" + tag + " OK [READ-ONLY] EXAMINE completed.\r\n";
            if (line.Contains(" NOOP"))
                return tag + " OK NOOP completed.\r\n";
            return tag + " BAD Command Error. 12\r\n";
        }
    }
}
