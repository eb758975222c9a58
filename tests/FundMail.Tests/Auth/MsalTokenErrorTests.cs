using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Net;
using FundMail.TestServers;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Auth
{
    /// <summary>Every way getting a token fails, each with a message that names the fix.</summary>
    public class MsalTokenErrorTests : IClassFixture<EntraFixture>
    {
        private readonly EntraFixture _entra;

        public MsalTokenErrorTests(EntraFixture entra)
        {
            _entra = entra;
        }

        [Fact]
        public async Task Certificate_not_registered_on_the_app_is_named()
        {
            var app = _entra.AddApp();
            using var registered = EntraFixture.NewClientCertificate();
            using var other = EntraFixture.NewClientCertificate("CN=Some other cert");
            app.Certificate = X509CertificateLoader.LoadCertificate(registered.RawData);
            var credentials = new AppCredentials
            {
                TenantId = app.TenantId, ClientId = app.ClientId, AuthorityHost = _entra.Endpoint.AuthorityHost, TlsTrust = _entra.Trust,
                CertificatePath = _entra.WritePfx(other, "pw"), CertificatePassword = new Secret("pw"),
            };
            using var provider = new MsalTokenProvider(credentials);

            var e = await Assert.ThrowsAsync<TokenException>(() => provider.GetTokenAsync(CancellationToken.None));

            Assert.Equal("AADSTS700027", e.AadstsCode);
            Assert.Contains("certificate is not registered", e.Message);
            Assert.False(e.IsTransient);
        }

        [Fact]
        public async Task Non_RSA_certificate_is_refused_with_the_reason()
        {
            var app = _entra.AddApp();
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var cert = new CertificateRequest("CN=ec", key, HashAlgorithmName.SHA256)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
            app.Certificate = X509CertificateLoader.LoadCertificate(cert.RawData);
            using var provider = new MsalTokenProvider(new AppCredentials
            {
                TenantId = app.TenantId, ClientId = app.ClientId, AuthorityHost = _entra.Endpoint.AuthorityHost, TlsTrust = _entra.Trust,
                CertificatePath = _entra.WritePfx(cert, "pw"), CertificatePassword = new Secret("pw"),
            });
            var before = _entra.Endpoint.TokenRequests;

            var e = await Assert.ThrowsAsync<TokenException>(() => provider.GetTokenAsync(CancellationToken.None));

            Assert.Contains("not of type RSA", e.Message);
            Assert.Equal(before, _entra.Endpoint.TokenRequests);
        }

        [Fact]
        public void Wrong_pfx_password_is_named_without_echoing_it()
        {
            using var cert = EntraFixture.NewClientCertificate();
            var credentials = new AppCredentials
            {
                TenantId = EntraFixture.Tenant, ClientId = Guid.NewGuid().ToString(), AuthorityHost = _entra.Endpoint.AuthorityHost,
                CertificatePath = _entra.WritePfx(cert, "right-password"), CertificatePassword = new Secret("wrong-password"),
            };

            var e = Assert.Throws<TokenException>(() => new MsalTokenProvider(credentials));

            Assert.Contains("CLIENT_CERTIFICATE_PASSWORD", e.Message);
            Assert.DoesNotContain("wrong-password", e.ToString());
        }

        [Fact]
        public async Task Wrong_secret_names_CLIENT_SECRET_and_the_code_but_not_the_secret()
        {
            var app = _entra.AddApp();
            using var provider = new MsalTokenProvider(_entra.SecretCredentials(app, secret: "not-the-right-one"));

            var e = await Assert.ThrowsAsync<TokenException>(() => provider.GetTokenAsync(CancellationToken.None));

            Assert.Contains("CLIENT_SECRET is wrong or expired", e.Message);
            Assert.Contains("AADSTS7000215", e.Message);
            Assert.Equal("AADSTS7000215", e.AadstsCode);
            Assert.DoesNotContain("not-the-right-one", e.ToString());
            Assert.DoesNotContain(app.ClientSecret!, e.ToString());
        }

        [Fact]
        public async Task Expired_secret_names_CLIENT_SECRET()
        {
            var app = _entra.AddApp();
            app.ClientSecretExpired = true;
            using var provider = new MsalTokenProvider(_entra.SecretCredentials(app));

            var e = await Assert.ThrowsAsync<TokenException>(() => provider.GetTokenAsync(CancellationToken.None));

            Assert.Equal("AADSTS7000222", e.AadstsCode);
            Assert.Contains("CLIENT_SECRET is wrong or expired", e.Message);
        }

        [Fact]
        public async Task Unknown_client_names_CLIENT_ID_and_TENANT_ID()
        {
            var app = _entra.AddApp();
            var credentials = _entra.SecretCredentials(app);
            var unknown = Guid.NewGuid().ToString();
            using var provider = new MsalTokenProvider(new AppCredentials
            {
                TenantId = credentials.TenantId, ClientId = unknown, ClientSecret = credentials.ClientSecret,
                AuthorityHost = credentials.AuthorityHost, TlsTrust = credentials.TlsTrust,
            });

            var e = await Assert.ThrowsAsync<TokenException>(() => provider.GetTokenAsync(CancellationToken.None));

            Assert.Equal("AADSTS700016", e.AadstsCode);
            Assert.Contains("CLIENT_ID " + unknown + " was not found in tenant TENANT_ID " + EntraFixture.Tenant, e.Message);
        }

        [Fact]
        public async Task Unknown_tenant_names_TENANT_ID()
        {
            var app = _entra.AddApp();
            var credentials = _entra.SecretCredentials(app);
            using var provider = new MsalTokenProvider(new AppCredentials
            {
                TenantId = "contoso-typo.onmicrosoft.com", ClientId = app.ClientId, ClientSecret = credentials.ClientSecret,
                AuthorityHost = credentials.AuthorityHost, TlsTrust = credentials.TlsTrust,
            });

            var e = await Assert.ThrowsAsync<TokenException>(() => provider.GetTokenAsync(CancellationToken.None));

            Assert.Equal("AADSTS90002", e.AadstsCode);
            Assert.Contains("TENANT_ID contoso-typo.onmicrosoft.com was not found", e.Message);
        }

        [Fact]
        public async Task Endpoint_down_says_cannot_reach_quickly()
        {
            var app = _entra.AddApp();
            var credentials = _entra.SecretCredentials(app);
            var closed = new Uri("https://127.0.0.1:" + FreePort.Next());
            using var provider = new MsalTokenProvider(new AppCredentials
            {
                TenantId = app.TenantId, ClientId = app.ClientId, ClientSecret = credentials.ClientSecret, AuthorityHost = closed,
            });
            var watch = Stopwatch.StartNew();

            var e = await Assert.ThrowsAsync<TokenException>(() => provider.GetTokenAsync(CancellationToken.None));

            Assert.StartsWith("cannot reach the authority host " + closed.GetLeftPart(UriPartial.Authority), e.Message);
            Assert.True(e.IsTransient);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "took " + watch.Elapsed);
        }

        [Fact]
        public async Task Untrusted_certificate_is_refused_with_an_explanation()
        {
            var app = _entra.AddApp();
            var credentials = _entra.SecretCredentials(app);
            using var provider = new MsalTokenProvider(new AppCredentials
            {
                TenantId = app.TenantId, ClientId = app.ClientId, ClientSecret = credentials.ClientSecret,
                AuthorityHost = credentials.AuthorityHost, TlsTrust = TlsTrust.System,
            });
            var before = _entra.Endpoint.TokenRequests;

            var e = await Assert.ThrowsAsync<TokenException>(() => provider.GetTokenAsync(CancellationToken.None));

            Assert.Contains("TLS refused: the server's certificate is not trusted by this machine", e.Message);
            Assert.Contains("TRUSTED_CA_FILE", e.Message);
            Assert.False(e.IsTransient);
            Assert.Equal(before, _entra.Endpoint.TokenRequests);
        }

        [Fact]
        public async Task Server_that_never_answers_times_out_with_a_clear_message()
        {
            var app = _entra.AddApp();
            using var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            var host = new Uri("https://127.0.0.1:" + ((IPEndPoint)silent.LocalEndpoint).Port);
            using var provider = new MsalTokenProvider(new AppCredentials
            {
                TenantId = app.TenantId, ClientId = app.ClientId, ClientSecret = new Secret(app.ClientSecret!), AuthorityHost = host,
            }, TimeSpan.FromSeconds(2));
            var watch = Stopwatch.StartNew();

            var e = await Assert.ThrowsAsync<TokenException>(() => provider.GetTokenAsync(CancellationToken.None));

            Assert.Equal("no answer from the authority host 127.0.0.1 within 2 s", e.Message);
            Assert.True(e.IsTransient);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), "took " + watch.Elapsed);
        }

        [Fact]
        public void Incomplete_credentials_name_every_missing_setting()
        {
            var e = Assert.Throws<TokenException>(() => new MsalTokenProvider(new AppCredentials()));

            Assert.Contains("TENANT_ID", e.Message);
            Assert.Contains("CLIENT_ID", e.Message);
            Assert.Contains("set CLIENT_SECRET, CLIENT_CERTIFICATE_PATH or CLIENT_CERTIFICATE_THUMBPRINT", e.Message);
        }
    }
}
