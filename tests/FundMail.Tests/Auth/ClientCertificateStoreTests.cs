using System;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using Xunit;

namespace FundMail.Tests.Auth
{
    public class ClientCertificateStoreTests : IClassFixture<EntraFixture>
    {
        private readonly EntraFixture _entra;

        public ClientCertificateStoreTests(EntraFixture entra)
        {
            _entra = entra;
        }

        [Fact]
        public async Task Thumbprint_finds_the_certificate_in_the_CurrentUser_store()
        {
            var app = _entra.AddApp();
            app.ClientSecret = null;
            using var cert = EntraFixture.NewClientCertificate("CN=FundMail store test " + Guid.NewGuid().ToString("N"));
            app.Certificate = X509CertificateLoader.LoadCertificate(cert.RawData);
            using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
            store.Open(OpenFlags.ReadWrite);
            store.Add(cert);
            try
            {
                // As copied from certmgr: lower case, spaces, and an invisible left-to-right mark.
                var pasted = "\u200e" + string.Join(" ", SplitPairs(cert.Thumbprint.ToLowerInvariant()));
                using var provider = new MsalTokenProvider(new AppCredentials
                {
                    TenantId = app.TenantId, ClientId = app.ClientId, CertificateThumbprint = pasted,
                    AuthorityHost = _entra.Endpoint.AuthorityHost, TlsTrust = _entra.Trust,
                });

                var token = await provider.GetTokenAsync(CancellationToken.None);

                Assert.Equal(app.ClientId, TokenClaims.Read(token.Value).AppId);
            }
            finally
            {
                store.Remove(cert);
            }
        }

        [Fact]
        public void Unknown_thumbprint_names_both_stores()
        {
            var e = Assert.Throws<TokenException>(() => new MsalTokenProvider(new AppCredentials
            {
                TenantId = EntraFixture.Tenant, ClientId = Guid.NewGuid().ToString(),
                CertificateThumbprint = "00112233445566778899AABBCCDDEEFF00112233", AuthorityHost = _entra.Endpoint.AuthorityHost,
            }));

            Assert.Contains("CLIENT_CERTIFICATE_THUMBPRINT 00112233445566778899AABBCCDDEEFF00112233 is in neither CurrentUser\\My nor LocalMachine\\My", e.Message);
        }

        private static string[] SplitPairs(string hex)
        {
            var pairs = new string[hex.Length / 2];
            for (var i = 0; i < pairs.Length; i++)
                pairs[i] = hex.Substring(i * 2, 2);
            return pairs;
        }
    }
}
