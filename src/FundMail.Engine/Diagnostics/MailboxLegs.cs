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
    /// <summary>token → IMAP connect → IMAP auth → mailbox, each explained when it fails.</summary>
    internal static class MailboxLegs
    {
        public static async Task RunAsync(MailboxSettings settings, ILog log, CheckReporter reporter, CancellationToken ct)
        {
            using var tokens = settings.App == null ? null : new MsalTokenProvider(settings.App);
            using var client = MailboxConnector.Clients.Create(MailboxConnector.ConnectOptions(settings.Imap, log));
            var imap = settings.Imap;
            await reporter.ChainAsync(
                ("token", () => TokenAsync(tokens, settings, ct)),
                ("IMAP connect", () => Attempt(() => client.ConnectAsync(ct),
                    "TLS connection to " + imap.Host + ":" + imap.Port + " with a valid certificate")),
                ("IMAP auth", () => Attempt(() => client.AuthenticateAsync(MailboxConnector.Credentials(imap, tokens), ct),
                    (imap.AuthMode == ImapAuthMode.XOAuth2 ? "XOAUTH2" : "LOGIN") + " accepted for " + imap.User)),
                ("mailbox", async () =>
                {
                    MailboxState? state = null;
                    var result = await Attempt(async () => state = await client.ExamineAsync(imap.Mailbox, ct).ConfigureAwait(false), "").ConfigureAwait(false);
                    if (!result.ok)
                        return result;
                    await client.LogoutAsync(ct).ConfigureAwait(false);
                    return (true, imap.Mailbox + " opened read-only: " + state!.Exists + " messages, UIDVALIDITY " + state.UidValidity, null);
                })).ConfigureAwait(false);
        }

        private static async Task<(bool ok, string detail, string? fix)> TokenAsync(MsalTokenProvider? tokens, MailboxSettings settings, CancellationToken ct)
        {
            if (tokens == null)
                return (true, "AUTH_MODE=login: a password, no token needed", null);
            try
            {
                var token = await tokens.GetTokenAsync(ct).ConfigureAwait(false);
                var problems = TokenAudit.Problems(TokenClaims.Read(token.Value), settings.App!.TenantId);
                if (problems.Count > 0)
                    return (false, string.Join("; ", problems.Select(p => p.problem)), string.Join("; ", problems.Select(p => p.fix)));
                return (true, "app-only token for Exchange Online with " + TokenAudit.ImapRole + ", valid until " +
                              token.ExpiresOn.ToLocalTime().ToString("yyyy-MM-dd HH:mm zzz"), null);
            }
            catch (Exception e) when (e is TokenException || e is FormatException)
            {
                return (false, e.Message, null);
            }
        }

        private static async Task<(bool ok, string detail, string? fix)> Attempt(Func<Task> action, string success)
        {
            try
            {
                await action().ConfigureAwait(false);
                return (true, success, null);
            }
            catch (ImapException e)
            {
                return (false, e.Message, FixFor(e));
            }
            catch (TokenException e)
            {
                return (false, e.Message, null);
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
