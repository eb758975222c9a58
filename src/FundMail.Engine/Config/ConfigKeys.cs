using System;
using System.Linq;
using System.Reflection;

namespace FundMail.Config
{
    /// <summary>Every .env key FundMail reads; .env.sample documents each one.</summary>
    public static class ConfigKeys
    {
        /// <summary>
        /// The process environment overrides a key only under this prefix (FUNDMAIL_HOST for HOST): plain HOST, PORT or
        /// BASE_DIR are set by many shells and containers for their own purposes.
        /// </summary>
        public const string EnvironmentPrefix = "FUNDMAIL_";

        // Seed keys.
        public const string EmailId = "EMAIL_ID";
        public const string EmailPassword = "EMAIL_PW";
        public const string TenantId = "TENANT_ID";
        public const string ClientId = "CLIENT_ID";
        public const string ClientSecret = "CLIENT_SECRET";
        public const string BaseDir = "BASE_DIR";
        public const string SftpHost = "HOST";
        public const string SftpPort = "PORT";
        public const string SftpUser = "SFTP_ID";
        public const string SftpPassword = "SFTP_PW";

        // IMAP.
        public const string ImapHost = "IMAP_HOST";
        public const string ImapPort = "IMAP_PORT";
        public const string ImapSecurity = "IMAP_SECURITY";
        public const string AuthMode = "AUTH_MODE";
        public const string Mailbox = "MAILBOX";
        public const string ImapTimeout = "IMAP_TIMEOUT_SECONDS";
        public const string TrustedCaFile = "TRUSTED_CA_FILE";

        // App-only token.
        public const string AuthorityHost = "AUTHORITY_HOST";
        public const string ClientCertPath = "CLIENT_CERTIFICATE_PATH";
        public const string ClientCertPassword = "CLIENT_CERTIFICATE_PASSWORD";
        public const string ClientCertThumbprint = "CLIENT_CERTIFICATE_THUMBPRINT";

        // SFTP.
        public const string SftpKeyFile = "SFTP_KEY_FILE";
        public const string SftpKeyPassphrase = "SFTP_KEY_PASSPHRASE";
        public const string SftpHostKey = "SFTP_HOST_KEY";
        public const string SftpKnownHosts = "SFTP_KNOWN_HOSTS";
        public const string SftpRemoteDir = "SFTP_REMOTE_DIR";
        public const string SftpTimeout = "SFTP_TIMEOUT_SECONDS";

        // Store and cycle.
        public const string AttachBaseDir = "ATTACH_BASE_DIR";
        public const string FirstRun = "FIRST_RUN";
        public const string BatchMaxMails = "BATCH_MAX_MAILS";
        public const string BatchMaxMb = "BATCH_MAX_MB";

        /// <summary>Keys whose values are secrets: never echoed, and checked for accidental $-interpolation.</summary>
        public static readonly string[] Secrets = { EmailPassword, ClientSecret, SftpPassword, SftpKeyPassphrase, ClientCertPassword };

        private static readonly string[] All = typeof(ConfigKeys).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(EnvironmentPrefix))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();

        /// <summary>Whether <paramref name="name"/> is a key FundMail reads (and so is safe to name in an error).</summary>
        public static bool IsKnown(string name) => Array.IndexOf(All, name) >= 0;
    }
}
