using System;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Logging;

namespace FundMail.Diagnostics
{
    /// <summary>
    /// Checks every leg a cycle depends on and reports each as it completes: config, then the mailbox chain
    /// (token, IMAP connect, IMAP auth, mailbox) and the SFTP chain (host key, auth, remote directory). A failed leg
    /// skips the rest of its chain only. Reads and writes nothing but a probe file that it removes.
    /// </summary>
    public static class ConnectionCheck
    {
        /// <returns>True when every leg passed.</returns>
        public static async Task<bool> RunAsync(Func<ConfigSource> loadConfig, ILog log, Action<CheckResult> report, CancellationToken ct)
        {
            var reporter = new CheckReporter(report);
            ConfigSource source;
            try
            {
                source = loadConfig();
                CycleSettings.Read(source);
                reporter.Passed("config", source.Description);
            }
            catch (ConfigException e)
            {
                reporter.Failed("config", e.Message, "edit the keys named above (see .env.sample)");
                try
                {
                    source = loadConfig();
                }
                catch (ConfigException)
                {
                    return false;
                }
            }

            var mailbox = TryRead(() => MailboxSettings.Read(source));
            if (mailbox != null)
                await MailboxLegs.RunAsync(mailbox, log, reporter, ct).ConfigureAwait(false);
            else
                Skip(reporter, "the mailbox settings are not usable", "token", "IMAP connect", "IMAP auth", "mailbox");

            var sftp = TryRead(() => SftpSettings.Read(source));
            if (sftp != null)
                await SftpLegs.RunAsync(sftp, reporter, ct).ConfigureAwait(false);
            else
                Skip(reporter, "the SFTP settings are not usable", "SFTP host key", "SFTP auth", "remote directory");
            return reporter.AllPassed;
        }

        private static T? TryRead<T>(Func<T> read) where T : class
        {
            try
            {
                return read();
            }
            catch (ConfigException)
            {
                return null;
            }
        }

        private static void Skip(CheckReporter reporter, string why, params string[] legs)
        {
            foreach (var leg in legs)
                reporter.Skipped(leg, why);
        }
    }
}
