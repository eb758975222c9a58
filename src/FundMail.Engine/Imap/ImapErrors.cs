using System;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using FundMail.Util;
using MailKit;
using MailKit.Security;
using MailKitCommandException = MailKit.Net.Imap.ImapCommandException;
using MailKitProtocolException = MailKit.Net.Imap.ImapProtocolException;

namespace FundMail.Imap
{
    /// <summary>
    /// Turns what MailKit throws into the exception an admin can act on. Server texts are what Exchange Online sends in the
    /// field; MailKit drops some of them (a refused login has no text), so the server's last words come from the transcript.
    /// </summary>
    internal sealed class ImapErrors
    {
        private static readonly Regex Backoff = new Regex(@"Suggested Backoff Time:\s*(\d+)\s*milliseconds", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private readonly ImapConnectOptions _options;
        private readonly ImapTranscript _transcript;

        public ImapErrors(ImapConnectOptions options, ImapTranscript transcript)
        {
            _options = options;
            _transcript = transcript;
        }

        /// <summary>Why the last certificate was refused by our validation, if it was.</summary>
        public System.Net.Security.SslPolicyErrors? CertificateRefusal { get; set; }

        private string Where => _options.Host + ":" + _options.Port;

        /// <param name="command">The IMAP command the step ran, for server refusals ("EXAMINE", "AUTHENTICATE").</param>
        /// <param name="timedOut">Whether the watchdog closed the socket (MailKit then reports a lost connection or a TLS failure).</param>
        public Exception Translate(Exception e, string step, string command, bool timedOut, TimeSpan idle, CancellationToken caller)
        {
            if (caller.IsCancellationRequested)
                return new OperationCanceledException(step + " was cancelled", e, caller);
            if (DiskFull.Caused(e))
                return new IOException("the disk holding the spool folder is full (" + Innermost(e).Message + ") during " + step
                                       + "; free space there and run again (nothing was marked as fetched)", e);
            if (timedOut)
                return new ImapTimeoutException("no answer from the server for " + idle.TotalSeconds + " s during " + step + "; the connection was closed");
            switch (e)
            {
                case SslHandshakeException _ when CertificateRefusal is System.Net.Security.SslPolicyErrors refused:
                    return new ImapTlsException("TLS to " + Where + " refused: " + _options.Trust.Explain(refused, _options.Host), e);
                case SslHandshakeException _:
                    return new ImapTlsException("TLS handshake with " + Where + " failed (FundMail offers TLS 1.2 and 1.3 only): " + Innermost(e).Message, e);
                case NotSupportedException _ when _options.Security == ImapSecurity.StartTls:
                    return new ImapTlsException("the server at " + Where + " does not offer STARTTLS; refusing to continue without encryption", e);
                case AuthenticationException _:
                    var completion = _transcript.LastCompletion ?? ("NO", "");
                    return FromStatus(command, completion.Status, completion.Text);
                case MailKitCommandException refused:
                    return FromStatus(command, refused.Response.ToString().ToUpperInvariant(), refused.ResponseText ?? "");
                case FolderNotFoundException missing:
                    return new ImapCommandException("EXAMINE", "NO", "the folder '" + missing.FolderName + "' does not exist on the server (check IMAP_MAILBOX)");
            }
            if (_transcript.ByeText != null)
                return new ImapConnectionException("the server ended the session during " + step + ": " + _transcript.ByeText, e);
            if (e is MailKitProtocolException && e.Message.IndexOf("unexpectedly disconnected", StringComparison.OrdinalIgnoreCase) >= 0)
                return new ImapConnectionException("the server closed the connection during " + step, e);
            if (e is MailKitProtocolException)
                return new ImapProtocolException(e.Message + " (during " + step + ")");
            if (e is IOException || e is SocketException || e is ObjectDisposedException || e is ServiceNotConnectedException)
                return new ImapConnectionException("connection to " + Where + " lost during " + step + ": " + Innermost(e).Message, e);
            return e;
        }

        /// <summary>A NO or BAD, by its text: throttling, Exchange's mailbox refusal, a refused login, or the server's words.</summary>
        public static ImapException FromStatus(string command, string status, string serverText)
        {
            var text = serverText.Trim();
            if (text.IndexOf("Request is throttled", StringComparison.OrdinalIgnoreCase) >= 0)
                return Throttled(text);
            if (text.IndexOf("User is authenticated but not connected", StringComparison.OrdinalIgnoreCase) >= 0)
                return new ImapAuthenticationException(
                    "the token was accepted but Exchange refused the mailbox (\"" + text + "\"): grant the app's service principal access to it "
                    + "(Add-MailboxPermission -User <service principal id> -AccessRights FullAccess) and check that IMAP is enabled for "
                    + "the mailbox (Set-CASMailbox -ImapEnabled $true) and that the user name is the mailbox's primary address");
            if (command == "AUTHENTICATE" && text.IndexOf("AUTHENTICATE failed", StringComparison.OrdinalIgnoreCase) >= 0)
                return new ImapAuthenticationException(
                    "Exchange refused the OAuth token (\"" + text + "\"): request the token with scope https://outlook.office365.com/.default, "
                    + "register the app's service principal in Exchange (New-ServicePrincipal) and grant it the IMAP.AccessAsApp "
                    + "application permission with admin consent");
            if (command == "LOGIN" || command == "AUTHENTICATE" || text.StartsWith("[AUTHENTICATIONFAILED]", StringComparison.OrdinalIgnoreCase))
                return new ImapAuthenticationException(command + " refused by the server: " + status + " " + text);
            return new ImapCommandException(command, status, text);
        }

        private static ImapThrottledException Throttled(string text)
        {
            var match = Backoff.Match(text);
            // Without a suggestion, wait long enough not to hammer a server that already said it is overloaded.
            var milliseconds = match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 60000;
            return new ImapThrottledException(TimeSpan.FromMilliseconds(milliseconds), text);
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
                e = e.InnerException;
            return e;
        }
    }
}
