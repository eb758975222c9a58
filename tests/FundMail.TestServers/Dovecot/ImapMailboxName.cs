using System;
using System.Text;

namespace FundMail.TestServers.Dovecot
{
    /// <summary>Folder names as IMAP commands carry them: modified UTF-7 (RFC 3501 §5.1.3) in a quoted string.</summary>
    internal static class ImapMailboxName
    {
        public static string Quoted(string folder)
        {
            var encoded = new StringBuilder();
            var run = new StringBuilder();
            foreach (var c in folder + "\0")
            {
                var printable = c >= 0x20 && c <= 0x7e;
                if ((printable || c == '\0') && run.Length > 0)
                {
                    encoded.Append('&').Append(Convert.ToBase64String(Encoding.BigEndianUnicode.GetBytes(run.ToString())).TrimEnd('=').Replace('/', ',')).Append('-');
                    run.Clear();
                }
                if (c == '\0')
                    break;
                if (printable)
                    encoded.Append(c == '&' ? "&-" : c.ToString());
                else
                    run.Append(c);
            }
            return "\"" + encoded.ToString().Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        }
    }
}
