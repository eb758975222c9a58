using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Imap;
using FundMail.Logging;
using FundMail.Mailbox;

namespace FundMail.Diagnostics
{
    /// <summary>
    /// Checks every leg from configuration to the mailbox in order, reporting each as it completes; after the
    /// first failure the remaining legs are reported as skipped. Never changes anything on the server.
    /// </summary>
    public static class ConnectionCheck
    {
        private static readonly string[] MailboxLegs = { "config", "token", "IMAP connect", "IMAP auth", "mailbox" };

        /// <returns>True when every leg passed.</returns>
        public static async Task<bool> RunMailboxAsync(Func<ConfigSource> loadConfig, ILog log, Action<CheckResult> report, CancellationToken cancellationToken)
        {
            var reported = 0;
            void Report(CheckResult result)
            {
                reported++;
                report(result);
            }
            void SkipRest()
            {
                foreach (var leg in MailboxLegs.Skip(reported))
                    report(new CheckResult(leg, CheckOutcome.Skipped, "not tried"));
            }

            MailboxSettings settings;
            try
            {
                var source = loadConfig();
                settings = MailboxSettings.Read(source);
                Report(new CheckResult("config", CheckOutcome.Passed, source.Description + ": " + settings.Imap.User + " on " + settings.Imap.Host + ":" + settings.Imap.Port));
            }
            catch (ConfigException e)
            {
                Report(new CheckResult("config", CheckOutcome.Failed, e.Message, "edit the keys named above (see .env.sample)"));
                SkipRest();
                return false;
            }

            using var tokens = settings.App == null ? null : new MsalTokenProvider(settings.App);
            if (tokens == null)
            {
                Report(new CheckResult("token", CheckOutcome.Skipped, "AUTH_MODE=login uses a password, no token"));
            }
            else
            {
                try
                {
                    var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
                    var problems = TokenAudit.Problems(TokenClaims.Read(token.Value), settings.App!.TenantId);
                    if (problems.Count > 0)
                    {
                        Report(new CheckResult("token", CheckOutcome.Failed, string.Join("; ", problems.Select(p => p.problem)),
                            string.Join("; ", problems.Select(p => p.fix))));
                        SkipRest();
                        return false;
                    }
                    Report(new CheckResult("token", CheckOutcome.Passed, "app-only token for Exchange Online with " + TokenAudit.ImapRole + ", valid until " +
                        token.ExpiresOn.ToLocalTime().ToString("yyyy-MM-dd HH:mm zzz")));
                }
                catch (Exception e) when (e is TokenException || e is FormatException)
                {
                    Report(new CheckResult("token", CheckOutcome.Failed, e.Message));
                    SkipRest();
                    return false;
                }
            }

            var client = new ImapClient(MailboxConnector.ConnectOptions(settings.Imap, log));
            try
            {
                if (!await Leg("IMAP connect", Report, () => client.ConnectAsync(cancellationToken),
                        "TLS connection to " + settings.Imap.Host + ":" + settings.Imap.Port + " with a valid certificate").ConfigureAwait(false))
                {
                    SkipRest();
                    return false;
                }
                if (!await Leg("IMAP auth", Report, () => client.AuthenticateAsync(MailboxConnector.Credentials(settings.Imap, tokens), cancellationToken),
                        (settings.Imap.AuthMode == ImapAuthMode.XOAuth2 ? "XOAUTH2" : "LOGIN") + " accepted for " + settings.Imap.User).ConfigureAwait(false))
                {
                    SkipRest();
                    return false;
                }
                MailboxState? state = null;
                if (!await Leg("mailbox", Report, async () => state = await client.ExamineAsync(settings.Imap.Mailbox, cancellationToken).ConfigureAwait(false),
                        () => settings.Imap.Mailbox + " opened read-only: " + state!.Exists + " messages, UIDVALIDITY " + state.UidValidity).ConfigureAwait(false))
                {
                    SkipRest();
                    return false;
                }
                await client.LogoutAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            finally
            {
                client.Dispose();
            }
        }

        private static Task<bool> Leg(string name, Action<CheckResult> report, Func<Task> action, string success) =>
            Leg(name, report, action, () => success);

        private static async Task<bool> Leg(string name, Action<CheckResult> report, Func<Task> action, Func<string> success)
        {
            try
            {
                await action().ConfigureAwait(false);
                report(new CheckResult(name, CheckOutcome.Passed, success()));
                return true;
            }
            catch (ImapException e)
            {
                report(new CheckResult(name, CheckOutcome.Failed, e.Message, FixFor(e)));
                return false;
            }
            catch (TokenException e)
            {
                report(new CheckResult(name, CheckOutcome.Failed, e.Message));
                return false;
            }
        }

        private static string? FixFor(ImapException e) => e switch
        {
            ImapTlsException _ => "trust the server's CA with TRUSTED_CA_FILE, or use the host name its certificate names",
            ImapConnectionException _ => "check IMAP_HOST/IMAP_PORT and that a firewall lets this machine reach them",
            ImapTimeoutException _ => "the server did not answer in time; check the network path, or raise IMAP_TIMEOUT_SECONDS",
            ImapThrottledException t => "Exchange is throttling this app; wait " + (int)t.Backoff.TotalSeconds + " s before trying again",
            _ => null,
        };
    }
}
