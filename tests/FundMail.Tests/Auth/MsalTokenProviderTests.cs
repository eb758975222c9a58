using System;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Auth
{
    public class MsalTokenProviderTests : IClassFixture<EntraFixture>
    {
        private readonly EntraFixture _entra;

        public MsalTokenProviderTests(EntraFixture entra)
        {
            _entra = entra;
        }

        [Fact]
        public async Task Client_secret_gets_an_Exchange_token_for_the_app()
        {
            var app = _entra.AddApp();
            using var provider = new MsalTokenProvider(_entra.SecretCredentials(app));

            var token = await provider.GetTokenAsync(CancellationToken.None);

            var claims = TokenClaims.Read(token.Value);
            Assert.Equal("https://outlook.office365.com", claims.Audience);
            Assert.Equal(new[] { "IMAP.AccessAsApp" }, claims.Roles);
            Assert.Equal(EntraFixture.Tenant, claims.TenantId);
            Assert.Equal(app.ClientId, claims.AppId);
            Assert.InRange(token.ExpiresOn, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
            Assert.Equal("***", token.Value.ToString());
        }

        [Fact]
        public async Task Certificate_from_pfx_with_password_gets_a_token()
        {
            var app = _entra.AddApp();
            app.ClientSecret = null;
            using var cert = EntraFixture.NewClientCertificate();
            app.Certificate = X509CertificateLoader.LoadCertificate(cert.RawData);
            var credentials = new AppCredentials
            {
                TenantId = app.TenantId, ClientId = app.ClientId, AuthorityHost = _entra.Endpoint.AuthorityHost, TlsTrust = _entra.Trust,
                CertificatePath = _entra.WritePfx(cert, "pfx-pass"), CertificatePassword = new Secret("pfx-pass"),
            };
            using var provider = new MsalTokenProvider(credentials);

            var token = await provider.GetTokenAsync(CancellationToken.None);

            Assert.Equal(app.ClientId, TokenClaims.Read(token.Value).AppId);
        }

        [Fact]
        public async Task Second_call_is_served_from_the_cache()
        {
            var app = _entra.AddApp();
            using var provider = new MsalTokenProvider(_entra.SecretCredentials(app));
            var first = await provider.GetTokenAsync(CancellationToken.None);
            var requests = _entra.Endpoint.TokenRequests;

            var second = await provider.GetTokenAsync(CancellationToken.None);

            Assert.Equal(requests, _entra.Endpoint.TokenRequests);
            Assert.Equal(first.Value.Reveal(), second.Value.Reveal());
        }

        [Fact]
        public async Task Short_lived_token_is_renewed_after_it_expires()
        {
            var app = _entra.AddApp();
            app.TokenLifetimeSeconds = 2;
            using var provider = new MsalTokenProvider(_entra.SecretCredentials(app));
            var first = await provider.GetTokenAsync(CancellationToken.None);
            var requests = _entra.Endpoint.TokenRequests;
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            Assert.True(first.ExpiresOn < DateTimeOffset.UtcNow);

            var second = await provider.GetTokenAsync(CancellationToken.None);

            Assert.Equal(requests + 1, _entra.Endpoint.TokenRequests);
            Assert.NotEqual(first.Value.Reveal(), second.Value.Reveal());
            Assert.True(second.ExpiresOn > DateTimeOffset.UtcNow);
        }

        [Fact]
        public async Task Token_is_renewed_five_minutes_before_it_expires()
        {
            // MSAL treats a cached token as due for renewal 300 s before exp: a 303 s token is served
            // from the cache for 3 s, then fetched again while the old one is still valid for almost 5 minutes.
            var app = _entra.AddApp();
            app.TokenLifetimeSeconds = 303;
            using var provider = new MsalTokenProvider(_entra.SecretCredentials(app));
            var first = await provider.GetTokenAsync(CancellationToken.None);
            var requests = _entra.Endpoint.TokenRequests;
            var cached = await provider.GetTokenAsync(CancellationToken.None);
            Assert.Equal(requests, _entra.Endpoint.TokenRequests);
            Assert.Equal(first.Value.Reveal(), cached.Value.Reveal());
            await Task.Delay(TimeSpan.FromSeconds(3.5));

            var renewed = await provider.GetTokenAsync(CancellationToken.None);

            Assert.Equal(requests + 1, _entra.Endpoint.TokenRequests);
            Assert.NotEqual(first.Value.Reveal(), renewed.Value.Reveal());
            Assert.True(first.ExpiresOn > DateTimeOffset.UtcNow.AddSeconds(290), "old token was still valid");
        }
    }
}
