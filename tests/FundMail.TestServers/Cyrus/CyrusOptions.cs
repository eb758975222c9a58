using System.Security.Cryptography.X509Certificates;

namespace FundMail.TestServers.Cyrus
{
    /// <summary>What a test Cyrus serves: one mailbox user with a password, over TLS with a certificate from the tests' <c>TestPki</c>.</summary>
    public sealed class CyrusOptions
    {
        public required X509Certificate2 ServerCertificate { get; init; }

        public string User { get; init; } = "fund";

        public string Password { get; init; } = "cyrus-horse-battery";
    }
}
