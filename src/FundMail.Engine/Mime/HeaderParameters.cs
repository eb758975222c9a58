using System;
using System.Collections.Generic;
using System.Text;

namespace FundMail.Mime
{
    /// <summary>
    /// A structured MIME header such as Content-Type or Content-Disposition: its main value
    /// (lower case) and its parameters, RFC 2231 continuations and charsets resolved.
    /// </summary>
    internal sealed class HeaderParameters
    {
        private readonly Dictionary<string, string> values;
        private readonly Dictionary<string, string> raw;

        private HeaderParameters(string value, Dictionary<string, string> values, Dictionary<string, string> raw)
        {
            Value = value;
            this.values = values;
            this.raw = raw;
        }

        internal static readonly HeaderParameters Empty =
            new HeaderParameters("", new Dictionary<string, string>(), new Dictionary<string, string>());

        /// <summary>The value before the first ';', lower case, comments removed ("text/plain", "attachment").</summary>
        internal string Value { get; }

        /// <summary>The decoded value of a parameter, or null.</summary>
        internal string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;

        /// <summary>The parameter as written (RFC 2231 segments joined, encoded words not decoded), or null.</summary>
        internal string? GetRaw(string name) => raw.TryGetValue(name, out var v) ? v : null;

        internal static HeaderParameters Parse(string? header, TextDecoding decoding)
        {
            if (header == null) return Empty;
            var pieces = Split(header);
            var value = Comments.Strip(pieces.Count > 0 ? pieces[0] : "").Trim().ToLowerInvariant();
            var plain = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var extended = new Dictionary<string, SortedDictionary<int, (string Text, bool Encoded)>>(StringComparer.OrdinalIgnoreCase);
            for (var i = 1; i < pieces.Count; i++)
            {
                var eq = pieces[i].IndexOf('=');
                if (eq <= 0) continue;
                var name = pieces[i].Substring(0, eq).Trim().ToLowerInvariant();
                var text = Unquote(pieces[i].Substring(eq + 1).Trim());
                if (name.Length == 0) continue;
                var star = name.IndexOf('*');
                if (star < 0)
                {
                    if (!plain.ContainsKey(name)) plain[name] = text; // duplicates: first wins, as Python does
                    continue;
                }
                var baseName = name.Substring(0, star);
                var rest = name.Substring(star + 1);
                var encoded = rest.EndsWith("*", StringComparison.Ordinal) || rest.Length == 0;
                var index = 0;
                var digits = rest.TrimEnd('*');
                if (digits.Length > 0 && !int.TryParse(digits, out index)) continue;
                if (!extended.TryGetValue(baseName, out var segments))
                    extended[baseName] = segments = new SortedDictionary<int, (string, bool)>();
                if (!segments.ContainsKey(index)) segments[index] = (text, encoded);
            }

            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var raw = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in plain)
            {
                raw[pair.Key] = pair.Value;
                // Outlook puts RFC 2047 words inside quoted name=; RFC 2047 forbids it, everyone decodes it.
                values[pair.Key] = pair.Value.TrimStart().StartsWith("=?", StringComparison.Ordinal)
                    ? EncodedWords.Decode(pair.Value, decoding) : pair.Value;
            }
            foreach (var pair in extended) // RFC 2231 wins over a plain parameter of the same name
            {
                var joined = new StringBuilder();
                foreach (var seg in pair.Value.Values) joined.Append(seg.Text);
                raw[pair.Key] = joined.ToString();
                values[pair.Key] = DecodeExtended(pair.Value, decoding);
            }
            return new HeaderParameters(value, values, raw);
        }

        private static string DecodeExtended(SortedDictionary<int, (string Text, bool Encoded)> segments, TextDecoding decoding)
        {
            string? charset = null;
            var bytes = new List<byte>();
            var first = true;
            foreach (var seg in segments.Values)
            {
                var text = seg.Text;
                if (first && seg.Encoded)
                {
                    var q1 = text.IndexOf('\'');
                    var q2 = q1 < 0 ? -1 : text.IndexOf('\'', q1 + 1);
                    if (q2 > q1)
                    {
                        charset = text.Substring(0, q1);
                        text = text.Substring(q2 + 1);
                    }
                }
                first = false;
                if (seg.Encoded) PercentDecode(text, bytes);
                else bytes.AddRange(Encoding.UTF8.GetBytes(text));
            }
            var array = bytes.ToArray();
            return string.IsNullOrEmpty(charset)
                ? decoding.Undeclared(array, 0, array.Length, "RFC 2231 parameter")
                : decoding.Decode(array, charset, "RFC 2231 parameter");
        }

        private static void PercentDecode(string text, List<byte> bytes)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '%' && i + 2 < text.Length && Hex.Value(text[i + 1]) >= 0 && Hex.Value(text[i + 2]) >= 0)
                {
                    bytes.Add((byte)(Hex.Value(text[i + 1]) * 16 + Hex.Value(text[i + 2])));
                    i += 2;
                }
                else if (text[i] < 0x80) bytes.Add((byte)text[i]);
                else bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        /// <summary>Splits on ';' outside quoted strings and comments.</summary>
        private static List<string> Split(string header)
        {
            var list = new List<string>();
            var sb = new StringBuilder();
            var quoted = false;
            var depth = 0;
            var inValue = false; // a non-blank character came after this piece's '='
            var equals = false;
            void Append(char ch)
            {
                if (equals && ch != ' ' && ch != '\t') inValue = true;
                if (ch == '=') equals = true;
                sb.Append(ch);
            }
            for (var i = 0; i < header.Length; i++)
            {
                var c = header[i];
                if (quoted)
                {
                    if (c == '\\' && i + 1 < header.Length) { Append(c); Append(header[++i]); continue; }
                    if (c == '"') quoted = false;
                }
                else if (depth > 0)
                {
                    if (c == '(') depth++;
                    else if (c == ')') depth--;
                    continue;
                }
                else if (c == '"') quoted = true;
                // A '(' glued to an unquoted value (name=report(1).pdf) is text; after a blank it starts a comment.
                else if (c == '(' && !(inValue && sb[sb.Length - 1] != ' ' && sb[sb.Length - 1] != '\t')) { depth = 1; continue; }
                else if (c == ';')
                {
                    list.Add(sb.ToString());
                    sb.Clear();
                    inValue = equals = false;
                    continue;
                }
                Append(c);
            }
            list.Add(sb.ToString());
            return list;
        }

        private static string Unquote(string text)
        {
            if (text.Length == 0 || text[0] != '"') return text;
            var sb = new StringBuilder(text.Length);
            for (var i = 1; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\\' && i + 1 < text.Length) { sb.Append(text[++i]); continue; }
                if (c == '"') break;
                sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
