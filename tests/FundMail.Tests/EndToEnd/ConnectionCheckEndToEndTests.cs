using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Diagnostics;
using FundMail.Logging;
using Xunit;

namespace FundMail.Tests.EndToEnd
{
    /// <summary>
    /// MSAL gets a token from the Entra-shaped endpoint, Dovecot validates it over XOAUTH2, sshd checks the SFTP login:
    /// every path a cycle depends on, checked leg by leg the way Test-FundMailConnection and `fundmail test-connection` report it.
    /// </summary>
    public sealed class ConnectionCheckEndToEndTests : IClassFixture<SftpServersFixture>
    {
        private readonly SftpServersFixture _servers;

        public ConnectionCheckEndToEndTests(SftpServersFixture servers)
        {
            _servers = servers;
        }

        private async Task<List<CheckResult>> Check(params (string key, string? value)[] overrides)
        {
            var env = await _servers.EnvFileAsync(overrides);
            var results = new List<CheckResult>();
            await ConnectionCheck.RunAsync(() => ConfigSource.Load(env), NullLog.Instance, results.Add, CancellationToken.None);
            return results;
        }

        [Fact]
        public async Task Every_leg_passes_with_a_token_from_msal()
        {
            var results = await Check();
            Assert.Equal(new[] { "config", "token", "IMAP connect", "IMAP auth", "mailbox", "SFTP host key", "SFTP auth", "remote directory" },
                results.Select(r => r.Leg));
            Assert.All(results, r => Assert.True(r.Passed, r + "\n" + _servers.Servers.Dovecot.ReadLog()));
            Assert.Contains("IMAP.AccessAsApp", results[1].Detail);
        }

        [Fact]
        public async Task A_wrong_secret_fails_at_the_token_leg_naming_CLIENT_SECRET()
        {
            var results = await Check(("CLIENT_SECRET", "not-the-secret"));
            var token = results.Single(r => r.Leg == "token");
            Assert.Equal(CheckOutcome.Failed, token.Outcome);
            Assert.Contains("CLIENT_SECRET", token.Detail);
            Assert.Contains("AADSTS7000215", token.Detail);
            Assert.DoesNotContain("not-the-secret", string.Join("\n", results));
            Assert.All(results.SkipWhile(r => r.Leg != "token").Skip(1).TakeWhile(r => r.Leg != "SFTP host key"), r => Assert.Equal(CheckOutcome.Skipped, r.Outcome));
            Assert.True(results.Single(r => r.Leg == "SFTP auth").Passed);
        }

        [Fact]
        public async Task An_expired_token_is_named_as_such()
        {
            _servers.Servers.App.IssueExpiredTokens = true;
            try
            {
                var results = await Check();
                var token = results.Single(r => r.Leg == "token");
                Assert.Equal(CheckOutcome.Failed, token.Outcome);
                Assert.Contains("expired", token.Detail);
                Assert.Contains("clock", token.Fix);
            }
            finally
            {
                _servers.Servers.App.IssueExpiredTokens = false;
            }
        }

        [Fact]
        public async Task A_token_without_the_imap_role_is_explained()
        {
            var roles = _servers.Servers.App.Roles;
            _servers.Servers.App.Roles = new[] { "Mail.Read" };
            try
            {
                var token = (await Check()).Single(r => r.Leg == "token");
                Assert.Equal(CheckOutcome.Failed, token.Outcome);
                Assert.Contains("IMAP.AccessAsApp", token.Detail);
                Assert.Contains("admin consent", token.Fix);
            }
            finally
            {
                _servers.Servers.App.Roles = roles;
            }
        }

        [Fact]
        public async Task A_mailbox_the_token_does_not_cover_is_refused_at_imap_auth()
        {
            var results = await Check(("EMAIL_ID", "somebody-else@fundmail.test"));
            var auth = results.Single(r => r.Leg == "IMAP auth");
            Assert.Equal(CheckOutcome.Failed, auth.Outcome);
            Assert.Contains("somebody-else@fundmail.test", auth.Detail);
            Assert.Equal(CheckOutcome.Skipped, results.Single(r => r.Leg == "mailbox").Outcome);
        }
    
        [Fact]
        public async Task A_wrong_pinned_host_key_is_refused_showing_what_the_server_offered()
        {
            var offered = await _servers.Servers.Sshd!.FingerprintAsync("ed25519");
            var results = await Check(("SFTP_HOST_KEY", "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"));
            var hostKey = results.Single(r => r.Leg == "SFTP host key");
            Assert.Equal(CheckOutcome.Failed, hostKey.Outcome);
            Assert.Contains(offered, hostKey.Detail);
            Assert.Contains("SFTP_HOST_KEY", hostKey.Fix);
            Assert.Equal(CheckOutcome.Skipped, results.Single(r => r.Leg == "SFTP auth").Outcome);
            Assert.True(results.Single(r => r.Leg == "mailbox").Passed);
        }

        [Fact]
        public async Task A_wrong_sftp_password_fails_at_sftp_auth_naming_the_keys()
        {
            var results = await Check(("SFTP_PW", "wrong-password"));
            Assert.True(results.Single(r => r.Leg == "SFTP host key").Passed);
            var auth = results.Single(r => r.Leg == "SFTP auth");
            Assert.Equal(CheckOutcome.Failed, auth.Outcome);
            Assert.Contains("SFTP_PW", auth.Fix);
            Assert.DoesNotContain("wrong-password", string.Join("\n", results));
            Assert.Equal(CheckOutcome.Skipped, results.Single(r => r.Leg == "remote directory").Outcome);
        }

        [Fact]
        public async Task Missing_sftp_settings_fail_config_but_the_mailbox_is_still_checked()
        {
            var results = await Check(("SFTP_HOST_KEY", null));
            var config = results.Single(r => r.Leg == "config");
            Assert.Equal(CheckOutcome.Failed, config.Outcome);
            Assert.Contains("SFTP_HOST_KEY", config.Detail);
            Assert.Contains("ssh-keyscan", config.Detail);
            Assert.True(results.Single(r => r.Leg == "mailbox").Passed);
            Assert.Equal(CheckOutcome.Skipped, results.Single(r => r.Leg == "SFTP host key").Outcome);
        }
    }
}
