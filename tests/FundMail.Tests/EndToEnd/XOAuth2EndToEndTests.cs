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
    /// MSAL gets a token from the Entra-shaped endpoint and Dovecot validates it over XOAUTH2: the whole sign-in path
    /// as production runs it, checked leg by leg the way `fundmail test-connection` reports it.
    /// </summary>
    public sealed class XOAuth2EndToEndTests : IClassFixture<LocalServersFixture>
    {
        private readonly LocalServersFixture _servers;

        public XOAuth2EndToEndTests(LocalServersFixture servers)
        {
            _servers = servers;
        }

        private async Task<List<CheckResult>> Check(params (string key, string? value)[] overrides)
        {
            var env = await _servers.EnvFileAsync(overrides);
            var results = new List<CheckResult>();
            await ConnectionCheck.RunMailboxAsync(() => ConfigSource.Load(env), NullLog.Instance, results.Add, CancellationToken.None);
            return results;
        }

        [Fact]
        public async Task Every_leg_passes_with_a_token_from_msal()
        {
            var results = await Check();
            Assert.Equal(new[] { "config", "token", "IMAP connect", "IMAP auth", "mailbox" }, results.Select(r => r.Leg));
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
            Assert.All(results.SkipWhile(r => r.Leg != "token").Skip(1), r => Assert.Equal(CheckOutcome.Skipped, r.Outcome));
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
    }
}
