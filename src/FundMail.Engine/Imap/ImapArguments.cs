using System;
using System.Text;

namespace FundMail.Imap
{
    /// <summary>Command arguments: quoted strings and mailbox names in modified UTF-7 (RFC 3501 §5.1.3), e.g. Korean folder names.</summary>
    internal static class ImapArguments
    {
        /// <summary>True if the value can be sent as a quoted string (7-bit, no CR/LF/NUL).</summary>
        public static bool CanQuote(string value)
        {
            foreach (var c in value)
                if (c == '\r' || c == '\n' || c == '\0' || c > 0x7e)
                    return false;
            return true;
        }

        public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        public static string MailboxName(string name)
        {
            if (name.IndexOf('\r') >= 0 || name.IndexOf('\n') >= 0)
                throw new ArgumentException("folder name contains a line break", nameof(name));
            return Quote(EncodeModifiedUtf7(name));
        }

        public static string EncodeModifiedUtf7(string name)
        {
            var result = new StringBuilder();
            var pending = new StringBuilder();
            foreach (var c in name)
            {
                if (c >= 0x20 && c <= 0x7e)
                {
                    Flush(result, pending);
                    result.Append(c == '&' ? "&-" : c.ToString());
                }
                else
                {
                    pending.Append(c);
                }
            }
            Flush(result, pending);
            return result.ToString();
        }

        private static void Flush(StringBuilder result, StringBuilder pending)
        {
            if (pending.Length == 0)
                return;
            var base64 = Convert.ToBase64String(Encoding.BigEndianUnicode.GetBytes(pending.ToString())).TrimEnd('=').Replace('/', ',');
            result.Append('&').Append(base64).Append('-');
            pending.Clear();
        }
    }
}
