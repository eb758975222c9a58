using System;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;

namespace FundMail.Net
{
    /// <summary>
    /// Server certificate validation shared by every TLS client (IMAP, token endpoint).
    /// The system trust store always applies; an extra CA adds trust for a private PKI
    /// and never relaxes anything else: hostname mismatches and broken chains are still refused.
    /// </summary>
    public sealed class TlsTrust
    {
        private static readonly Lazy<Task> MachineTrustLoad = new Lazy<Task>(() => Task.Run(LoadMachineTrust));
        private readonly X509Certificate2? _extraCa;

        private TlsTrust(X509Certificate2? extraCa)
        {
            _extraCa = extraCa;
        }

        public static TlsTrust System { get; } = new TlsTrust(null);

        /// <summary>Trust the system store plus the CA certificate(s) in a PEM or DER file.</summary>
        public static TlsTrust WithExtraCa(string caFile)
        {
            return new TlsTrust(LoadCertificate(caFile));
        }

        public string? ExtraCaSubject => _extraCa?.Subject;

        /// <summary>
        /// Loads the machine's trust store and chain engine in the background, once per process. The first TLS handshake
        /// otherwise does it on its critical path (about 60 ms of CPU on Linux, three quarters of a cold handshake); a
        /// caller starts this while it waits on something else. Best effort: a real trust problem surfaces in the handshake.
        /// </summary>
        public static Task WarmUpAsync() => MachineTrustLoad.Value;

        public bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None)
                return true;
            if (_extraCa == null || certificate == null)
                return false;
            // Only an unknown root may be repaired by the extra CA; a name mismatch or a missing certificate never.
            if (errors != SslPolicyErrors.RemoteCertificateChainErrors)
                return false;
            return ChainsToExtraCa(new X509Certificate2(certificate), chain);
        }

        /// <summary>Why a certificate was refused, in words an admin can act on.</summary>
        public string Explain(SslPolicyErrors errors, string host)
        {
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                return "the server's certificate is not issued for '" + host + "' (hostname mismatch)";
            if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
                return "the server sent no certificate";
            return _extraCa == null
                ? "the server's certificate is not trusted by this machine (set TRUSTED_CA_FILE to the issuing CA for a private PKI)"
                : "the server's certificate chains neither to this machine's trust store nor to TRUSTED_CA_FILE (" + _extraCa.Subject + ")";
        }

        private bool ChainsToExtraCa(X509Certificate2 leaf, X509Chain? original)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            chain.ChainPolicy.ExtraStore.Add(_extraCa!);
            if (original != null)
                foreach (var element in original.ChainElements)
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            if (!chain.Build(leaf))
                return false;
            var root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
            if (!string.Equals(root.Thumbprint, _extraCa!.Thumbprint, StringComparison.OrdinalIgnoreCase))
                return false;
            // AllowUnknownCertificateAuthority tolerates only the untrusted root; any other status (expiry, bad signature, usage) refuses.
            return chain.ChainStatus.All(s => s.Status == X509ChainStatusFlags.NoError || s.Status == X509ChainStatusFlags.UntrustedRoot);
        }

        private static void LoadMachineTrust()
        {
            try
            {
                using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
                store.Open(OpenFlags.ReadOnly);
                var roots = store.Certificates;
                if (roots.Count > 0)
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.Build(roots[0]);
                }
                foreach (var root in roots)
                    root.Dispose();
            }
            catch (CryptographicException)
            {
                // Nothing gained, nothing lost: the handshake loads what it needs itself.
            }
        }

        private static X509Certificate2 LoadCertificate(string path)
        {
            var text = global::System.IO.File.ReadAllText(path);
            const string begin = "-----BEGIN CERTIFICATE-----";
            var start = text.IndexOf(begin, StringComparison.Ordinal);
            if (start < 0)
                return new X509Certificate2(path);
            var end = text.IndexOf("-----END CERTIFICATE-----", start, StringComparison.Ordinal);
            if (end < 0)
                throw new FormatException("PEM certificate in '" + path + "' has no END line");
            var body = text.Substring(start + begin.Length, end - start - begin.Length);
            return new X509Certificate2(Convert.FromBase64String(body));
        }
    }
}
