using FundMail.Auth;

namespace FundMail.Config
{
    /// <summary>Everything needed to read the mailbox: the IMAP server, and the app registration when XOAUTH2 is used.</summary>
    public sealed class MailboxSettings
    {
        private MailboxSettings(ImapSettings imap, AppCredentials? app, string? tokenCacheDirectory)
        {
            Imap = imap;
            App = app;
            TokenCacheDirectory = tokenCacheDirectory;
        }

        public ImapSettings Imap { get; }

        /// <summary>Null with AUTH_MODE=login.</summary>
        public AppCredentials? App { get; }

        /// <summary>
        /// BASE_DIR when it is set: the cycle keeps its access token there (<see cref="CachedTokenProvider"/>), and
        /// Get-FundMail uses the same one instead of asking the token endpoint each time. Null without BASE_DIR.
        /// </summary>
        public string? TokenCacheDirectory { get; }

        /// <summary>Reads and validates; throws one <see cref="ConfigException"/> listing every problem.</summary>
        public static MailboxSettings Read(ConfigSource source) => ConfigReader.Validate(source, Read);

        internal static MailboxSettings Read(ConfigReader reader)
        {
            var imap = ImapSettings.Read(reader);
            var app = imap.AuthMode == ImapAuthMode.XOAuth2 ? AppCredentialsReader.Read(reader, imap.Trust) : null;
            return new MailboxSettings(imap, app, reader.OptionalDirectory(ConfigKeys.BaseDir));
        }
    }
}
