using System.IO;
using System.Linq;
using FundMail.TestServers;

namespace FundMail.Bench.Fetch
{
    /// <summary>
    /// The peer: mbsync (isync) pulling INBOX into a maildir over IMAPS with LOGIN, the same way we log in.
    /// Its sync state lives inside the maildir (SyncState *), so emptying the folder makes each run a first sync.
    /// </summary>
    internal static class Mbsync
    {
        /// <param name="fsync">mbsync's default is to fsync every message; without it it does what our plain fetch does.</param>
        public static string WriteConfig(LocalServers servers, string configFile, string maildir, bool fsync)
        {
            var lines = new[]
            {
                "FSync " + (fsync ? "yes" : "no"),
                "",
                "IMAPAccount bench",
                "Host 127.0.0.1",
                "Port " + servers.Dovecot.ImapsPort,
                "User " + servers.Dovecot.User,
                "Pass \"" + servers.Dovecot.Password + "\"",
                "AuthMechs LOGIN",
                "SSLType IMAPS",
                "CertificateFile " + servers.CaFile,
                "",
                "IMAPStore far",
                "Account bench",
                "",
                "MaildirStore near",
                "Path " + maildir + "/",
                "Inbox " + Path.Combine(maildir, "INBOX"),
                "",
                "Channel bench",
                "Far :far:INBOX",
                "Near :near:INBOX",
                "Sync Pull",
                "Create Near",
                "SyncState *",
            };
            File.WriteAllLines(configFile, lines);
            return configFile;
        }

        /// <summary>Message files mbsync delivered (maildir new/ and cur/).</summary>
        public static FileInfo[] Delivered(string maildir)
        {
            var inbox = Path.Combine(maildir, "INBOX");
            return new[] { "new", "cur" }.Select(sub => Path.Combine(inbox, sub)).Where(Directory.Exists)
                .SelectMany(dir => new DirectoryInfo(dir).GetFiles()).ToArray();
        }
    }
}
