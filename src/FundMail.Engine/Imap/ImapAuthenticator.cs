using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Util;

namespace FundMail.Imap
{
    /// <summary>LOGIN and AUTHENTICATE XOAUTH2 (with or without SASL-IR). Credentials reach the wire only; traces show "***".</summary>
    internal static class ImapAuthenticator
    {
        public static async Task LoginAsync(ImapSession session, string user, Secret password, CancellationToken cancellationToken)
        {
            if (session.Capabilities.Contains("LOGINDISABLED"))
                throw new ImapAuthenticationException("the server refuses LOGIN on this connection (LOGINDISABLED); use TLS or XOAUTH2");
            var command = new ImapCommand("LOGIN").String(user).String(password.Reveal(), secret: true);
            var response = await session.RunAsync(command, cancellationToken).ConfigureAwait(false);
            if (!response.IsStatus("OK"))
                throw ImapServerErrors.FromStatus("LOGIN", response);
        }

        public static async Task XOAuth2Async(ImapSession session, bool useSaslIr, string user, Secret token, CancellationToken cancellationToken)
        {
            if (!session.Capabilities.Contains("AUTH=XOAUTH2"))
                throw new ImapAuthenticationException("the server does not offer AUTH=XOAUTH2");
            var initial = Convert.ToBase64String(Encoding.UTF8.GetBytes("user=" + user + "\u0001auth=Bearer " + token.Reveal() + "\u0001\u0001"));
            var inline = useSaslIr && session.Capabilities.Contains("SASL-IR");
            var command = new ImapCommand("AUTHENTICATE").Text("XOAUTH2");
            if (inline)
                command.Secret(initial);
            var sent = inline;
            string? serverDetail = null;
            var response = await session.RunAsync(command, cancellationToken, onContinuation: async continuation =>
            {
                if (!sent)
                {
                    sent = true;
                    await session.SendLineAsync(initial, secret: true, cancellationToken).ConfigureAwait(false);
                    return;
                }
                // After refusing the token the server sends error details and waits for an empty line before its NO.
                serverDetail = TokenHints.DecodeServerDetail(continuation.Text);
                await session.SendLineAsync("", secret: false, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            if (response.IsStatus("OK"))
                return;

            var failure = ImapServerErrors.FromStatus("AUTHENTICATE", response);
            if (!(failure is ImapAuthenticationException))
                throw failure;
            var hint = TokenHints.Describe(token.Reveal(), user, DateTimeOffset.UtcNow);
            throw new ImapAuthenticationException("XOAUTH2 for '" + user + "' refused: " + failure.Message + " (" + hint
                + (serverDetail != null ? "; " + serverDetail : "") + ")");
        }
    }
}
