using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;

namespace FundMail.Mime
{
    /// <summary>
    /// Bytes to text under a declared (or missing, or bogus) charset label. Undeclared or unknown:
    /// ASCII as is, valid UTF-8 as UTF-8, anything else through the fallback charset (CP949 by default).
    /// Problems are recorded as defects; nothing here throws on bad input.
    /// </summary>
    internal sealed class TextDecoding
    {
        private static readonly Encoding LastResort = Charsets.ForCodePage(1252);
        // Encoding objects are immutable and thread-safe; building one per message (clone included) is not free.
        private static readonly ConcurrentDictionary<int, Encoding> Strict = new ConcurrentDictionary<int, Encoding>();
        private readonly Encoding fallback;
        private readonly Encoding strictFallback;
        private readonly List<string> defects;

        internal TextDecoding(Encoding fallback, List<string> defects)
        {
            this.fallback = fallback;
            strictFallback = Strict.GetOrAdd(fallback.CodePage,
                cp => Encoding.GetEncoding(cp, EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback));
            this.defects = defects;
        }

        internal List<string> Defects => defects;

        internal string Decode(byte[] bytes, string? label, string where) => Decode(bytes, 0, bytes.Length, label, where);

        internal string Decode(byte[] bytes, int offset, int count, string? label, string where)
        {
            if (count == 0) return string.Empty;
            var declared = label == null ? null : label.Trim().ToLowerInvariant();
            if (declared == null || declared.Length == 0 || declared == "us-ascii" || declared == "ascii")
                return Undeclared(bytes, offset, count, where);
            var enc = Charsets.Find(declared);
            if (enc == null)
            {
                defects.Add($"{where}: unknown charset '{label}', decoded as {(Charsets.IsValidUtf8(bytes, offset, count) ? "UTF-8" : fallback.WebName)}");
                return Undeclared(bytes, offset, count, null);
            }
            if (enc.CodePage == 65001 && !Charsets.IsValidUtf8(bytes, offset, count))
                defects.Add($"{where}: invalid UTF-8 replaced with U+FFFD");
            return enc.GetString(bytes, offset, count);
        }

        /// <summary>
        /// Undeclared 8-bit text (RFC 6532 allows UTF-8; older mail sends the local charset): UTF-8 when valid
        /// (or broken only once in a while), else the fallback charset if the bytes fit it, else windows-1252.
        /// </summary>
        internal string Undeclared(byte[] bytes, int offset, int count, string? where)
        {
            if (Charsets.IsAscii(bytes, offset, count)) return Encoding.ASCII.GetString(bytes, offset, count);
            if (Charsets.IsValidUtf8(bytes, offset, count) || Charsets.IsMostlyUtf8(bytes, offset, count))
                return Charsets.Utf8.GetString(bytes, offset, count);
            try
            {
                var text = strictFallback.GetString(bytes, offset, count);
                if (where != null) defects.Add($"{where}: undeclared 8-bit text decoded as {fallback.WebName}");
                return text;
            }
            catch (DecoderFallbackException)
            {
                if (where != null) defects.Add($"{where}: undeclared 8-bit text decoded as windows-1252");
                return LastResort.GetString(bytes, offset, count);
            }
        }
    }
}
