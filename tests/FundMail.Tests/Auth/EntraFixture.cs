using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Net;
using FundMail.TestServers.Entra;
using FundMail.TestServers.Pki;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Auth
{
    /// <summary>One real token endpoint per test class; each test registers its own app so tests do not share counters.</summary>
    public sealed class EntraFixture : IAsyncLifetime
    {
        public const string Tenant = "5f0c1a7e-3b52-4d8e-9a61-2c7f4e8b9d10";

        public TestPki Pki { get; } = TestPki.Create();
        public EntraOptions Options { get; } = new EntraOptions();
        public EntraTokenEndpoint Endpoint { get; private set; } = null!;
        public string Dir { get; } = Directory.CreateTempSubdirectory("fundmail-auth-").FullName;
        public TlsTrust Trust { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var caFile = Path.Combine(Dir, "ca.pem");
            Pki.WriteCaPem(caFile);
            Trust = TlsTrust.WithExtraCa(caFile);
            Endpoint = await EntraTokenEndpoint.StartAsync(Pki, Options);
        }

        public async Task DisposeAsync()
        {
            await Endpoint.DisposeAsync();
            Pki.Dispose();
            Directory.Delete(Dir, true);
        }

        /// <summary>Registers a new app (fresh client id) with a secret.</summary>
        public EntraApp AddApp(string secret = "s3cret~Value.1", string? mailbox = "fund@example.test")
        {
            var app = new EntraApp(Tenant, Guid.NewGuid().ToString()) { ClientSecret = secret, Mailbox = mailbox };
            Options.Add(app);
            return app;
        }

        public AppCredentials SecretCredentials(EntraApp app, string? secret = null) => new AppCredentials
        {
            TenantId = app.TenantId,
            ClientId = app.ClientId,
            ClientSecret = new Secret(secret ?? app.ClientSecret!),
            AuthorityHost = Endpoint.AuthorityHost,
            TlsTrust = Trust,
        };

        /// <summary>A self-signed client certificate with private key, as admins make with New-SelfSignedCertificate.</summary>
        public static X509Certificate2 NewClientCertificate(string name = "CN=FundMail client")
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var now = DateTimeOffset.UtcNow;
            using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
            return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
        }

        public string WritePfx(X509Certificate2 cert, string password)
        {
            var path = Path.Combine(Dir, Guid.NewGuid().ToString("N") + ".pfx");
            File.WriteAllBytes(path, cert.Export(X509ContentType.Pkcs12, password));
            return path;
        }
    }
}
