using System.Collections.Generic;
using FundMail.Net;
using FundMail.Util;

namespace FundMail.Config
{
    public enum ImapSecurity
    {
        /// <summary>TLS from the first byte (port 993), what Office 365 uses.</summary>
        Tls,
        /// <summary>Plain connect, then STARTTLS before anything else is said.</summary>
        StartTls,
    }

    public enum ImapAuthMode
    {
        /// <summary>SASL XOAUTH2 with an app-only token from Entra ID (Office 365).</summary>
        XOAuth2,
        /// <summary>IMAP LOGIN with EMAIL_ID and EMAIL_PW (other IMAP servers).</summary>
        Login,
    }

    /// <summary>Where and how to reach the mailbox.</summary>
    public sealed class ImapSettings
    {
        public const string DefaultHost = "outlook.office365.com";

        public string Host { get; private set; } = DefaultHost;
        public int Port { get; private set; }
        public ImapSecurity Security { get; private set; }
        public ImapAuthMode AuthMode { get; private set; }
        public string User { get; private set; } = "";
        public Secret? Password { get; private set; }
        public string Mailbox { get; private set; } = "INBOX";
        public int TimeoutSeconds { get; private set; }
        public TlsTrust Trust { get; private set; } = TlsTrust.System;

        internal static ImapSettings Read(ConfigReader reader)
        {
            var settings = new ImapSettings
            {
                Host = reader.Optional(ConfigKeys.ImapHost) ?? DefaultHost,
                Security = reader.Choice(ConfigKeys.ImapSecurity, ImapSecurity.Tls,
                    new Dictionary<string, ImapSecurity> { ["tls"] = ImapSecurity.Tls, ["starttls"] = ImapSecurity.StartTls }),
                AuthMode = reader.Choice(ConfigKeys.AuthMode, ImapAuthMode.XOAuth2,
                    new Dictionary<string, ImapAuthMode> { ["xoauth2"] = ImapAuthMode.XOAuth2, ["login"] = ImapAuthMode.Login }),
                Mailbox = reader.Optional(ConfigKeys.Mailbox) ?? "INBOX",
                TimeoutSeconds = reader.Integer(ConfigKeys.ImapTimeout, 60, 5, 3600, "seconds to wait for the IMAP server"),
            };
            settings.Port = reader.Integer(ConfigKeys.ImapPort, settings.Security == ImapSecurity.Tls ? 993 : 143, 1, 65535, "the IMAP port");

            if (settings.AuthMode == ImapAuthMode.XOAuth2)
            {
                settings.User = reader.Required(ConfigKeys.EmailId, "the mailbox's email address, e.g. fund@contoso.com");
                if (settings.User.Length > 0 && settings.User.IndexOf('@') <= 0)
                    reader.Problem(ConfigKeys.EmailId, "must be the mailbox's email address (user@domain) for XOAUTH2 " + ConfigReader.NotShown(settings.User));
            }
            else
            {
                settings.User = reader.Required(ConfigKeys.EmailId, "the IMAP user name");
                settings.Password = reader.RequiredSecret(ConfigKeys.EmailPassword, "the IMAP password (AUTH_MODE=login)");
            }

            var ca = reader.ExistingFile(ConfigKeys.TrustedCaFile, "CA certificate (PEM or DER)");
            if (ca != null)
            {
                try
                {
                    settings.Trust = TlsTrust.WithExtraCa(ca);
                }
                catch (System.Exception e) when (e is System.FormatException || e is System.Security.Cryptography.CryptographicException)
                {
                    reader.Problem(ConfigKeys.TrustedCaFile, "must hold a CA certificate in PEM or DER form: " + e.Message);
                }
            }
            return settings;
        }
    }
}
