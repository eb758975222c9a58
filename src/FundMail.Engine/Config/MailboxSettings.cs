using FundMail.Auth;

namespace FundMail.Config
{
    /// <summary>Everything needed to read the mailbox: the IMAP server, and the app registration when XOAUTH2 is used.</summary>
    public sealed class MailboxSettings
    {
        private MailboxSettings(ImapSettings imap, AppCredentials? app)
        {
            Imap = imap;
            App = app;
        }

        public ImapSettings Imap { get; }

        /// <summary>Null with AUTH_MODE=login.</summary>
        public AppCredentials? App { get; }

        /// <summary>Reads and validates; throws one <see cref="ConfigException"/> listing every problem.</summary>
        public static MailboxSettings Read(ConfigSource source) => ConfigReader.Validate(source, Read);

        internal static MailboxSettings Read(ConfigReader reader)
        {
            var imap = ImapSettings.Read(reader);
            var app = imap.AuthMode == ImapAuthMode.XOAuth2 ? AppCredentialsReader.Read(reader, imap.Trust) : null;
            return new MailboxSettings(imap, app);
        }
    }
}
