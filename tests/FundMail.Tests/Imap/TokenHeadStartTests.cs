using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Mailbox;
using FundMail.Tests.Auth;
using Xunit;

namespace FundMail.Tests.Imap
{
    /// <summary>The token asked for while a cycle does its local work, against the real Entra-shaped endpoint.</summary>
    public class TokenHeadStartTests : IClassFixture<EntraFixture>
    {
        private readonly EntraFixture _entra;

        public TokenHeadStartTests(EntraFixture entra)
        {
            _entra = entra;
        }

        [Fact]
        public async Task Token_is_requested_at_once_and_handed_to_the_first_caller_without_a_second_request()
        {
            using var provider = new MsalTokenProvider(_entra.SecretCredentials(_entra.AddApp()));
            var before = _entra.Endpoint.TokenRequests;

            var headStart = new TokenHeadStart(provider, CancellationToken.None);
            await WaitForRequestsAsync(before + 1);
            var token = await headStart.GetTokenAsync(CancellationToken.None);

            Assert.Equal(before + 1, _entra.Endpoint.TokenRequests);
            Assert.True(token.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(50));
        }

        [Fact]
        public async Task Token_close_to_expiry_is_not_used_and_a_fresh_one_is_asked_for()
        {
            var app = _entra.AddApp();
            app.TokenLifetimeSeconds = 120;
            using var provider = new MsalTokenProvider(_entra.SecretCredentials(app));
            var before = _entra.Endpoint.TokenRequests;

            var headStart = new TokenHeadStart(provider, CancellationToken.None);
            await WaitForRequestsAsync(before + 1);
            await headStart.GetTokenAsync(CancellationToken.None);

            Assert.Equal(before + 2, _entra.Endpoint.TokenRequests);
        }

        [Fact]
        public async Task Refusal_reaches_the_caller_from_the_one_early_request()
        {
            using var provider = new MsalTokenProvider(_entra.SecretCredentials(_entra.AddApp(), secret: "not-the-secret"));
            var before = _entra.Endpoint.TokenRequests;

            var headStart = new TokenHeadStart(provider, CancellationToken.None);
            var error = await Assert.ThrowsAsync<TokenException>(() => headStart.GetTokenAsync(CancellationToken.None));

            Assert.Contains("secret", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(before + 1, _entra.Endpoint.TokenRequests);
        }

        private async Task WaitForRequestsAsync(int count)
        {
            var clock = Stopwatch.StartNew();
            while (_entra.Endpoint.TokenRequests < count)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the head start never asked the endpoint");
                await Task.Delay(20);
            }
        }
    }
}
