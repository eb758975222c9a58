using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FundMail.Imap
{
    /// <summary>
    /// Turns a NO/BAD into the exception an admin can act on. The texts are what Exchange Online sends in the field;
    /// anything unknown becomes an <see cref="ImapCommandException"/> that quotes the server.
    /// </summary>
    internal static class ImapServerErrors
    {
        private static readonly Regex Backoff = new Regex(@"Suggested Backoff Time:\s*(\d+)\s*milliseconds", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static ImapException FromStatus(string command, ImapResponse response)
        {
            var text = response.Text.Trim();
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
            if (command == "LOGIN" || command == "AUTHENTICATE" || response.Code?.StartsWith("AUTHENTICATIONFAILED", StringComparison.OrdinalIgnoreCase) == true)
                return new ImapAuthenticationException(command + " refused by the server: " + response.Name + " " + text);
            return new ImapCommandException(command, response.Name, text);
        }

        private static ImapThrottledException Throttled(string text)
        {
            var match = Backoff.Match(text);
            // Without a suggestion, wait long enough not to hammer a server that already said it is overloaded.
            var milliseconds = match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 60000;
            return new ImapThrottledException(TimeSpan.FromMilliseconds(milliseconds), text);
        }
    }
}
