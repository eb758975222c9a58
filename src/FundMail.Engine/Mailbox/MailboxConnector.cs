using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Imap;
using FundMail.Logging;
using FundMail.Net;

namespace FundMail.Mailbox
{
    /// <summary>Turns settings into an open, read-only IMAP session: connect, authenticate, EXAMINE.</summary>
    public static class MailboxConnector
    {
        /// <summary>Where every mailbox connection comes from.</summary>
        public static IMailboxClientFactory Clients { get; } = MailKitClientFactory.Instance;

        public static ImapConnectOptions ConnectOptions(ImapSettings imap, ILog log) => new ImapConnectOptions(imap.Host)
        {
            Port = imap.Port,
            Security = imap.Security == Config.ImapSecurity.StartTls ? Imap.ImapSecurity.StartTls : Imap.ImapSecurity.ImplicitTls,
            Trust = imap.Trust,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(imap.TimeoutSeconds, 30)),
            CommandTimeout = TimeSpan.FromSeconds(imap.TimeoutSeconds),
            Trace = line => log.Debug(line),
        };

        /// <param name="tokens">The run's token provider; required for XOAUTH2, unused for LOGIN.</param>
        public static ImapCredentials Credentials(ImapSettings imap, ITokenProvider? tokens)
        {
            if (imap.AuthMode == ImapAuthMode.Login)
                return ImapCredentials.Login(imap.User, imap.Password!);
            if (tokens == null)
                throw new ArgumentNullException(nameof(tokens), "XOAUTH2 needs a token provider");
            return ImapCredentials.XOAuth2(imap.User, async ct => (await tokens.GetTokenAsync(ct).ConfigureAwait(false)).Value);
        }

        /// <summary>
        /// Connect, authenticate, EXAMINE <see cref="ImapSettings.Mailbox"/> and, when given, run <paramref name="search"/>
        /// with it (its result is in <see cref="MailboxState.Found"/>). An OAuth token is requested while the connection is
        /// being set up, so the token endpoint's round trips overlap the IMAP server's.
        /// </summary>
        public static async Task<OpenMailbox> OpenAsync(ImapSettings imap, ITokenProvider? tokens, ILog log, UidSearch? search,
            CancellationToken cancellationToken)
        {
            var credentials = Credentials(imap, tokens);
            for (var attempt = 1; ; attempt++)
            {
                // Task.Run: the provider's first call does seconds of CPU work in places (MSAL start-up) before it awaits anything.
                var token = credentials.IsOAuth ? Task.Run(() => tokens!.GetTokenAsync(cancellationToken), cancellationToken) : null;
                try
                {
                    return await OpenOnceAsync(imap, token, credentials, log, search, cancellationToken).ConfigureAwait(false);
                }
                catch (ImapAuthenticationException) when (attempt == 1 && token != null && token.Status == TaskStatus.RanToCompletion
                                                          && tokens is IRejectableTokenProvider rejectable && rejectable.Reject(token.Result))
                {
                    // A token kept from an earlier run was refused (revoked, app changed): one more try, on a new connection,
                    // with a freshly issued token. A fresh token that is refused is a real failure and is reported as such.
                    log.Warning("the server refused the cached access token; signing in again with a fresh one");
                }
            }
        }

        private static async Task<OpenMailbox> OpenOnceAsync(ImapSettings imap, Task<AccessToken>? token, ImapCredentials credentials, ILog log,
            UidSearch? search, CancellationToken cancellationToken)
        {
            if (token != null)
                credentials = ImapCredentials.XOAuth2(imap.User, async _ => (await token.ConfigureAwait(false)).Value);
            // Overlaps the TCP handshake; a no-op when the cycle started it already.
            _ = TlsTrust.WarmUpAsync();
            var client = Clients.Create(ConnectOptions(imap, log));
            try
            {
                var clock = Stopwatch.StartNew();
                log.Verbose("connecting to " + imap.Host + ":" + imap.Port);
                await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                var connect = clock.Elapsed;
                await client.AuthenticateAsync(credentials, cancellationToken).ConfigureAwait(false);
                var auth = clock.Elapsed;
                var state = search == null
                    ? await client.ExamineAsync(imap.Mailbox, cancellationToken).ConfigureAwait(false)
                    : await client.ExamineAndSearchAsync(imap.Mailbox, search, cancellationToken).ConfigureAwait(false);
                log.Verbose(imap.Mailbox + " opened read-only: " + state.Exists + " messages, UIDVALIDITY " + state.UidValidity);
                return new OpenMailbox(client, state, connect, auth - connect, clock.Elapsed - auth);
            }
            catch
            {
                client.Dispose();
                // A token still on its way must not end as an unobserved failure; the connection's error is the one to report.
                token?.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                throw;
            }
        }
    }
}
