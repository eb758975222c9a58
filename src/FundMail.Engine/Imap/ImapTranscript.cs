using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using MailKit;

namespace FundMail.Imap
{
    /// <summary>
    /// MailKit's protocol log, read for two things: the trace an admin may ask for ("C: ..." and "S: ..." lines, with
    /// credentials as "***" and message contents as their size), and the server's own words that MailKit's exceptions
    /// drop: the text of the last tagged completion (Exchange's "AUTHENTICATE failed.", "Request is throttled...") and of BYE.
    /// </summary>
    internal sealed class ImapTranscript : IProtocolLogger
    {
        private const int MaxLine = 4096;
        private readonly Action<string>? _trace;
        private readonly LineBuffer _client = new LineBuffer();
        private readonly LineBuffer _server = new LineBuffer();
        private long _literalLeft;
        private string? _pending;

        public ImapTranscript(Action<string>? trace)
        {
            _trace = trace;
        }

        public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

        /// <summary>Status and text of the server's last tagged completion ("NO", "Request is throttled. ..."), or null.</summary>
        public (string Status, string Text)? LastCompletion { get; private set; }

        /// <summary>Text of the server's BYE, if it sent one.</summary>
        public string? ByeText { get; private set; }

        public void LogConnect(Uri uri) => _trace?.Invoke("connected to " + uri);

        public void LogClient(byte[] buffer, int offset, int count)
        {
            if (_trace == null)
                return;
            var secrets = AuthenticationSecretDetector?.DetectSecrets(buffer, offset, count) ?? (IList<AuthenticationSecret>)Array.Empty<AuthenticationSecret>();
            var secretIndex = 0;
            for (var i = offset; i < offset + count; i++)
            {
                while (secretIndex < secrets.Count && i >= secrets[secretIndex].StartIndex + secrets[secretIndex].Length)
                    secretIndex++;
                if (secretIndex < secrets.Count && i >= secrets[secretIndex].StartIndex)
                {
                    if (i == secrets[secretIndex].StartIndex)
                        _client.Append("***");
                    continue;
                }
                if (_client.Add(buffer[i]) is string line)
                    _trace("C: " + line);
            }
        }

        public void LogServer(byte[] buffer, int offset, int count)
        {
            for (var i = offset; i < offset + count; i++)
            {
                if (_literalLeft > 0)
                {
                    var skip = (int)Math.Min(_literalLeft, offset + count - i);
                    _literalLeft -= skip;
                    i += skip - 1;
                    continue;
                }
                if (_server.Add(buffer[i]) is string line)
                    OnServerLine(line);
            }
        }

        public void Dispose()
        {
        }

        /// <summary>A response with literals is one line here: each literal shown as its size, the text after it appended.</summary>
        private void OnServerLine(string text)
        {
            var line = _pending + text;
            var literal = LiteralLength(text);
            if (literal > 0)
            {
                _literalLeft = literal;
                _pending = line + "<" + literal + " octets>";
                return;
            }
            _pending = null;
            _trace?.Invoke("S: " + line);
            var parts = line.Split(new[] { ' ' }, 3);
            if (parts.Length < 2)
                return;
            if (parts[0] == "*" && parts[1].Equals("BYE", StringComparison.OrdinalIgnoreCase))
                ByeText = parts.Length > 2 ? parts[2] : "";
            else if (parts[0] != "*" && parts[0] != "+" && IsStatus(parts[1]))
                LastCompletion = (parts[1].ToUpperInvariant(), parts.Length > 2 ? parts[2] : "");
        }

        private static bool IsStatus(string word) =>
            word.Equals("OK", StringComparison.OrdinalIgnoreCase) || word.Equals("NO", StringComparison.OrdinalIgnoreCase)
            || word.Equals("BAD", StringComparison.OrdinalIgnoreCase);

        /// <summary>The octets announced by a line ending in a literal ("{1234}"), else 0.</summary>
        private static long LiteralLength(string line)
        {
            if (!line.EndsWith("}", StringComparison.Ordinal))
                return 0;
            var open = line.LastIndexOf('{');
            var digits = open < 0 ? "" : line.Substring(open + 1, line.Length - open - 2).TrimEnd('+');
            return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : 0;
        }

        /// <summary>Collects octets into lines (CRLF-terminated); lines longer than <see cref="MaxLine"/> are cut.</summary>
        private sealed class LineBuffer
        {
            private readonly StringBuilder _line = new StringBuilder();

            public void Append(string text)
            {
                if (_line.Length < MaxLine)
                    _line.Append(text);
            }

            public string? Add(byte octet)
            {
                if (octet == '\n')
                {
                    var line = _line.ToString().TrimEnd('\r');
                    _line.Clear();
                    return line;
                }
                if (_line.Length < MaxLine)
                    _line.Append(octet < 0x80 ? (char)octet : '?');
                return null;
            }
        }
    }
}
