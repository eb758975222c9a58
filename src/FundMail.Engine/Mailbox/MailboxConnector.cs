using System;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Imap;
using FundMail.Logging;

namespace FundMail.Mailbox
{
    /// <summary>Turns settings into an open, read-only IMAP session: connect, authenticate, EXAMINE.</summary>
    public static class MailboxConnector
    {
        public static ImapConnectOptions ConnectOptions(ImapSettings imap, ILog log) => new ImapConnectOptions(imap.Host)
        {
            Port = imap.Port,
            Security = imap.Security == Config.ImapSecurity.StartTls ? Imap.ImapSecurity.StartTls : Imap.ImapSecurity.ImplicitTls,
            Trust = imap.Trust,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(imap.TimeoutSeconds, 30)),
            CommandTimeout = TimeSpan.FromSeconds(imap.TimeoutSeconds),
            Trace = line => log.Verbose(line),
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

        public static async Task<(IMailboxClient client, MailboxState state)> OpenAsync(ImapSettings imap, ITokenProvider? tokens, ILog log,
            CancellationToken cancellationToken)
        {
            var client = new ImapClient(ConnectOptions(imap, log));
            try
            {
                log.Verbose("connecting to " + imap.Host + ":" + imap.Port);
                await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                await client.AuthenticateAsync(Credentials(imap, tokens), cancellationToken).ConfigureAwait(false);
                var state = await client.ExamineAsync(imap.Mailbox, cancellationToken).ConfigureAwait(false);
                log.Verbose(imap.Mailbox + " opened read-only: " + state.Exists + " messages, UIDVALIDITY " + state.UidValidity);
                return (client, state);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
    }
}
