using System.Security.Cryptography.X509Certificates;

namespace FundMail.TestServers.Dovecot
{
    /// <summary>What a test Dovecot serves: one mailbox user, its password, and the Entra-shaped token rules.</summary>
    public sealed class DovecotOptions
    {
        /// <summary>Server certificate with private key, issued by the tests' shared <c>TestPki</c>.</summary>
        public required X509Certificate2 ServerCertificate { get; init; }

        public string User { get; init; } = "alice@fundmail.test";

        public string Password { get; init; } = "correct-horse-battery";

        /// <summary>Tenant id; the accepted token issuer is <c>https://sts.windows.net/{Tenant}/</c> as Entra v1 tokens carry.</summary>
        public string Tenant { get; init; } = "7b1c5f3e-0000-4000-8000-00000000f00d";

        /// <summary>
        /// Where Dovecot looks up token signing keys: <c>{KeyDirectory}/{azp or default}/RS256/{kid}</c> holding a PEM public key.
        /// Null gives a folder inside the server's temp dir. Files placed there must be readable by user <c>dovecot</c>.
        /// </summary>
        public string? KeyDirectory { get; init; }

        public string Issuer => "https://sts.windows.net/" + Tenant + "/";

        /// <summary>The one audience Debian's Dovecot accepts in this setup (what Exchange Online tokens carry).</summary>
        public const string Audience = "https://outlook.office365.com";
    }
}
