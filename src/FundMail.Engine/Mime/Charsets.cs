using System;
using System.Text;

namespace FundMail.Mime
{
    /// <summary>
    /// Turns charset labels into decoders. Never throws for a bad label: the caller gets null and
    /// falls back (see <see cref="TextDecoding"/>).
    /// </summary>
    internal static class Charsets
    {
        static Charsets()
        {
            // The code-page provider supplies 949, 932, 50220 ... on .NET Core; on .NET Framework it is harmless.
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }

        internal static readonly Encoding Utf8Strict = new UTF8Encoding(false, true);
        internal static readonly Encoding Utf8 = new UTF8Encoding(false, false);

        /// <summary>The encoding for a label such as "ks_c_5601-1987" or "UTF-8*ko", or null when unknown.</summary>
        internal static Encoding? Find(string? label)
        {
            if (label == null) return null;
            var name = label.Trim().Trim('"', '\'').Trim();
            var star = name.IndexOf('*'); // RFC 2231 section 5: charset*language inside an encoded word
            if (star >= 0) name = name.Substring(0, star);
            if (name.Length == 0) return null;
            name = name.ToLowerInvariant();
            try
            {
                if (CharsetAliases.CodePages.TryGetValue(name, out var cp)) return ForCodePage(cp);
                if (name.StartsWith("windows-", StringComparison.Ordinal) || name.StartsWith("iso-8859-", StringComparison.Ordinal)
                    || name.StartsWith("ibm", StringComparison.Ordinal) || name.StartsWith("x-mac", StringComparison.Ordinal))
                    return Encoding.GetEncoding(name);
                if (name.StartsWith("cp", StringComparison.Ordinal) && int.TryParse(name.Substring(2), out var n))
                    return ForCodePage(n);
                return Encoding.GetEncoding(name);
            }
            catch (ArgumentException) { return null; }
            catch (NotSupportedException) { return null; }
        }

        internal static Encoding ForCodePage(int codePage)
        {
            if (codePage == 65001) return Utf8;
            return Encoding.GetEncoding(codePage);
        }

        internal static bool IsAscii(byte[] bytes, int offset, int count)
        {
            for (var i = offset; i < offset + count; i++)
                if (bytes[i] >= 0x80) return false;
            return true;
        }

        /// <summary>
        /// UTF-8 with a rare broken sequence (a parameter cut inside a character). Text in a legacy
        /// charset such as CP949 breaks UTF-8 rules almost every character, so it never passes this.
        /// </summary>
        internal static bool IsMostlyUtf8(byte[] b, int offset, int count)
        {
            int valid = 0, invalid = 0;
            var end = offset + count;
            var i = offset;
            while (i < end)
            {
                if (b[i] < 0x80) { i++; continue; }
                var n = b[i] >= 0xC2 && b[i] <= 0xDF ? 2 : b[i] >= 0xE0 && b[i] <= 0xEF ? 3 : b[i] >= 0xF0 && b[i] <= 0xF4 ? 4 : 0;
                if (n > 0 && i + n <= end && IsValidUtf8(b, i, n)) { valid++; i += n; }
                else { invalid++; i++; }
            }
            return invalid * 10 <= valid;
        }

        /// <summary>Strict UTF-8 well-formedness (no overlongs, no surrogates, nothing above U+10FFFF).</summary>
        internal static bool IsValidUtf8(byte[] b, int offset, int count)
        {
            var end = offset + count;
            var i = offset;
            while (i < end)
            {
                var c = b[i];
                if (c < 0x80) { i++; continue; }
                int need; int min;
                if (c >= 0xC2 && c <= 0xDF) { need = 1; min = 0x80; }
                else if (c >= 0xE0 && c <= 0xEF) { need = 2; min = 0x800; }
                else if (c >= 0xF0 && c <= 0xF4) { need = 3; min = 0x10000; }
                else return false;
                if (i + need >= end) return false;
                var cp = c & (0x3F >> need);
                for (var k = 1; k <= need; k++)
                {
                    var cc = b[i + k];
                    if ((cc & 0xC0) != 0x80) return false;
                    cp = (cp << 6) | (cc & 0x3F);
                }
                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
                i += need + 1;
            }
            return true;
        }
    }
}
