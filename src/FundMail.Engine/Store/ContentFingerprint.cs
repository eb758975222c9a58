using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using FundMail.Mime;

namespace FundMail.Store
{
    /// <summary>
    /// A mail's content as it survives Exchange re-rendering it (new MIME boundaries, header folding, transfer encoding,
    /// charset, line wrapping): the SHA-256 of "subject:S\nbody:B\nattachments:A" in UTF-8, where S and B are the subject
    /// and body text with every run of whitespace made one space and none at either end, and A the attachments' SHA-256s,
    /// sorted, joined by commas. Two mails sharing a Message-ID but not this are different mails. The text is hashed as
    /// it is normalised, never built whole: a commit fingerprints every mail of its batch.
    /// </summary>
    internal static class ContentFingerprint
    {
        public static string Of(string? subject, string? bodyText, IEnumerable<string> attachmentSha256s)
        {
            using var hash = new Utf8Hash();
            hash.Append("subject:");
            hash.AppendNormalised(subject);
            hash.Append("\nbody:");
            hash.AppendNormalised(bodyText);
            hash.Append("\nattachments:" + string.Join(",", attachmentSha256s.OrderBy(sha => sha, StringComparer.Ordinal)));
            return Hex.Lower(hash.Finish());
        }

        /// <summary>SHA-256 of text fed in pieces, encoded to UTF-8 through a buffer (a surrogate pair may span two pieces).</summary>
        private sealed class Utf8Hash : IDisposable
        {
            private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            private readonly Encoder _utf8 = new UTF8Encoding(false).GetEncoder();
            private readonly char[] _chars = new char[4096];
            private readonly byte[] _bytes = new byte[4096 * 3 + 4];
            private int _count;

            public void Append(string text)
            {
                foreach (var c in text)
                    Add(c);
            }

            /// <summary>Whitespace runs become one space; leading and trailing whitespace go (as Regex \s+ → " ", then Trim()).</summary>
            public void AppendNormalised(string? text)
            {
                if (text == null)
                    return;
                var started = false;
                var space = false;
                foreach (var c in text)
                {
                    if (char.IsWhiteSpace(c))
                    {
                        space = started;
                        continue;
                    }
                    if (space)
                        Add(' ');
                    space = false;
                    started = true;
                    Add(c);
                }
            }

            public byte[] Finish()
            {
                Drain(flush: true);
                return _sha.GetHashAndReset();
            }

            public void Dispose() => _sha.Dispose();

            private void Add(char c)
            {
                if (_count == _chars.Length)
                    Drain(flush: false);
                _chars[_count++] = c;
            }

            private void Drain(bool flush)
            {
                var length = _utf8.GetBytes(_chars, 0, _count, _bytes, 0, flush);
                _sha.AppendData(_bytes, 0, length);
                _count = 0;
            }
        }
    }
}
