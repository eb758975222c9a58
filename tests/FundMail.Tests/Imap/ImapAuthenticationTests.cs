using System;
using System.Linq;
using System.Threading.Tasks;
using FundMail.Imap;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Imap
{
    /// <summary>LOGIN, STARTTLS and XOAUTH2 against the real Dovecot, including the refusals an admin must understand.</summary>
    public class ImapAuthenticationTests : IClassFixture<DovecotFixture>
    {
        private readonly DovecotFixture _fixture;
        private readonly ImapTestSupport _support;

        public ImapAuthenticationTests(DovecotFixture fixture)
        {
            _fixture = fixture;
            _support = new ImapTestSupport(fixture);
        }

        [Fact]
        public async Task Login_over_implicit_tls_opens_the_inbox_read_only()
        {
            using var client = await _support.ConnectAsync();
            var state = await client.ExamineAsync("INBOX", ImapTestSupport.Timeout);
            Assert.True(client.IsAuthenticated);
            Assert.NotEqual(0u, state.UidValidity);
            Assert.Contains(_support.Trace, line => line.StartsWith("C: ") && line.Contains(" EXAMINE INBOX"));
            Assert.DoesNotContain(_support.Trace, line => line.Contains(" SELECT "));
            await client.LogoutAsync(ImapTestSupport.Timeout);
        }

        [Fact]
        public async Task Starttls_upgrades_the_plain_port_before_login()
        {
            using var client = await _support.ConnectAsync(options: _support.Options(ImapSecurity.StartTls));
            await client.ExamineAsync("INBOX", ImapTestSupport.Timeout);
            var trace = _support.Trace.ToList();
            var startTls = trace.FindIndex(l => l.EndsWith(" STARTTLS"));
            var login = trace.FindIndex(l => l.Contains(" LOGIN "));
            Assert.InRange(startTls, 0, login - 1);
        }

        [Fact]
        public async Task Wrong_password_is_an_authentication_error_and_the_password_is_never_traced()
        {
            using var client = new MailKitMailboxClient(_support.Options());
            await client.ConnectAsync(ImapTestSupport.Timeout);
            var error = await Assert.ThrowsAsync<ImapAuthenticationException>(() =>
                client.AuthenticateAsync(ImapCredentials.Login(_fixture.Server.User, new Secret("wrong-pass-4711")), ImapTestSupport.Timeout));
            Assert.Contains("LOGIN", error.Message);
            Assert.DoesNotContain("wrong-pass-4711", error.Message);
            Assert.DoesNotContain(_support.Trace, line => line.Contains("wrong-pass-4711"));
            Assert.Contains(_support.Trace, line => line.EndsWith(" LOGIN *** ***")); // user name and password both masked
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Xoauth2_with_a_valid_token_logs_in_with_and_without_sasl_ir(bool saslIr)
        {
            var token = _fixture.Tokens.Create(_fixture.Server.User, TimeSpan.FromMinutes(30));
            using var client = await _support.ConnectAsync(_support.Token(token), _support.Options(saslIr: saslIr));
            await client.ExamineAsync("INBOX", ImapTestSupport.Timeout);
            var authenticate = _support.Trace.Single(l => l.Contains(" AUTHENTICATE XOAUTH2"));
            Assert.EndsWith(saslIr ? "AUTHENTICATE XOAUTH2 ***" : "AUTHENTICATE XOAUTH2", authenticate);
            Assert.DoesNotContain(_support.Trace, line => line.Contains(token.Substring(0, 20)) || line.Contains(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("user="))));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Xoauth2_with_an_expired_token_says_the_token_expired(bool saslIr)
        {
            var token = _fixture.Tokens.Create(_fixture.Server.User, TimeSpan.FromMinutes(-10));
            var error = await RefusedAsync(token, saslIr);
            Assert.Contains("expired", error.Message);
            Assert.DoesNotContain(token.Substring(0, 20), error.Message);
        }

        [Fact]
        public async Task Xoauth2_with_a_token_for_another_mailbox_names_both_mailboxes()
        {
            var token = _fixture.Tokens.Create("mallory@fundmail.test", TimeSpan.FromMinutes(30));
            var error = await RefusedAsync(token, saslIr: true);
            Assert.Contains("mallory@fundmail.test", error.Message);
            Assert.Contains(_fixture.Server.User, error.Message);
        }

        private async Task<ImapAuthenticationException> RefusedAsync(string token, bool saslIr)
        {
            using var client = new MailKitMailboxClient(_support.Options(saslIr: saslIr));
            await client.ConnectAsync(ImapTestSupport.Timeout);
            var error = await Assert.ThrowsAsync<ImapAuthenticationException>(() => client.AuthenticateAsync(_support.Token(token), ImapTestSupport.Timeout));
            // The server's error continuation was answered, so the connection is still in step: a password login works.
            await client.AuthenticateAsync(_support.Password(), ImapTestSupport.Timeout);
            return error;
        }
    }
}
