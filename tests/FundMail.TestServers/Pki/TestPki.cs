using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FundMail.TestServers.Pki
{
    /// <summary>
    /// A throwaway certificate authority for the test servers: issues server certificates for
    /// 127.0.0.1/localhost (or any chosen name, to provoke hostname mismatches) and writes them as PEM.
    /// </summary>
    public sealed class TestPki : IDisposable
    {
        private readonly RSA _caKey;

        public X509Certificate2 CaCertificate { get; }

        private TestPki(string name)
        {
            _caKey = RSA.Create(2048);
            var request = new CertificateRequest("CN=" + name, _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var now = DateTimeOffset.UtcNow;
            CaCertificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        }

        public static TestPki Create(string name = "FundMail Test CA") => new TestPki(name);

        /// <summary>A server certificate (with private key) for the given DNS names and IP addresses.</summary>
        public X509Certificate2 IssueServer(params string[] names)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=" + names[0], key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in names)
            {
                if (System.Net.IPAddress.TryParse(name, out var ip))
                    san.AddIpAddress(ip);
                else
                    san.AddDnsName(name);
            }
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            var serial = new byte[16];
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7f;
            var now = DateTimeOffset.UtcNow;
            using var issued = request.Create(CaCertificate.SubjectName, X509SignatureGenerator.CreateForRSA(_caKey, RSASignaturePadding.Pkcs1),
                now.AddDays(-1), now.AddDays(30), serial);
            using var withKey = issued.CopyWithPrivateKey(key);
            // Round-trip through PKCS#12 so the key is usable by SslStream/Kestrel on every platform.
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
        }

        public void WriteCaPem(string path) => File.WriteAllText(path, CaCertificate.ExportCertificatePem() + "\n");

        /// <summary>Writes certificate and key as PEM files (what Dovecot and OpenSSL-based servers read).</summary>
        public static void WritePem(X509Certificate2 certificate, string certPath, string keyPath)
        {
            File.WriteAllText(certPath, certificate.ExportCertificatePem() + "\n");
            using var key = certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException("certificate has no RSA private key");
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        }

        public void Dispose()
        {
            CaCertificate.Dispose();
            _caKey.Dispose();
        }
    }
}
