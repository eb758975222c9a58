using System;
using System.Collections.Generic;
using System.Text;

namespace FundMail.Mime
{
    /// <summary>
    /// RFC 2047 encoded words. Adjacent words are joined (the whitespace between them is not text), and
    /// adjacent words of one charset are decoded together so that a multibyte character split across
    /// two words comes out whole. Malformed words stay as they were written.
    /// </summary>
    internal static class EncodedWords
    {
        private sealed class Word
        {
            internal int Start;
            internal int End; // exclusive
            internal string Charset = "";
            internal byte[] Bytes = Array.Empty<byte>();
        }

        internal static bool Contains(string text) => text.IndexOf("=?", StringComparison.Ordinal) >= 0;

        /// <summary>Decodes every encoded word in <paramref name="text"/>, wherever it sits.</summary>
        internal static string Decode(string text, TextDecoding decoding)
        {
            if (!Contains(text)) return text;
            var words = FindWords(text);
            if (words.Count == 0) return text;
            var sb = new StringBuilder(text.Length);
            var pos = 0;
            var i = 0;
            while (i < words.Count)
            {
                sb.Append(text, pos, words[i].Start - pos);
                // Gather the run of words separated by nothing but whitespace, grouped by charset.
                var j = i;
                while (j + 1 < words.Count && IsBlank(text, words[j].End, words[j + 1].Start)) j++;
                var k = i;
                while (k <= j)
                {
                    var m = k;
                    var buffer = new List<byte>(words[k].Bytes);
                    while (m + 1 <= j && string.Equals(words[m + 1].Charset, words[k].Charset, StringComparison.OrdinalIgnoreCase))
                    {
                        m++;
                        buffer.AddRange(words[m].Bytes);
                    }
                    sb.Append(decoding.Decode(buffer.ToArray(), words[k].Charset, "encoded word"));
                    k = m + 1;
                }
                pos = words[j].End;
                i = j + 1;
            }
            sb.Append(text, pos, text.Length - pos);
            return sb.ToString();
        }

        private static bool IsBlank(string s, int from, int to)
        {
            for (var i = from; i < to; i++)
                if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return false;
            return true;
        }

        private static readonly char[] Blanks = { ' ', '\t', '\r', '\n' };

        // Longer than RFC 2047's 75 characters is tolerated up to these limits.
        private const int MaxCharsetLength = 64;
        private const int MaxWordLength = 4096;

        /// <summary>
        /// Finds the well-formed words left to right. The next "?=" and the next blank are searched once and
        /// reused, so a hostile header full of "=?" costs linear time.
        /// </summary>
        private static List<Word> FindWords(string s)
        {
            var list = new List<Word>();
            var close = -1;
            var blank = -1;
            var at = 0;
            while (true)
            {
                var start = s.IndexOf("=?", at, StringComparison.Ordinal);
                if (start < 0) break;
                at = start + 2;
                var q1 = s.IndexOf('?', start + 2, Math.Min(MaxCharsetLength, s.Length - start - 2));
                if (q1 < 0 || q1 == start + 2 || q1 + 2 >= s.Length || s[q1 + 2] != '?') continue;
                var textStart = q1 + 3;
                if (close < textStart) close = s.IndexOf("?=", textStart, StringComparison.Ordinal);
                if (close < 0) break; // no word can end anywhere after this point
                if (blank < textStart)
                {
                    blank = s.IndexOfAny(Blanks, textStart);
                    if (blank < 0) blank = int.MaxValue; // none ahead: never search again
                }
                if (close - textStart > MaxWordLength || blank < close) continue;
                var word = Parse(s, start, q1, close);
                if (word == null) continue;
                list.Add(word);
                at = word.End;
            }
            return list;
        }

        private static Word? Parse(string s, int start, int q1, int close)
        {
            var charset = s.Substring(start + 2, q1 - start - 2);
            foreach (var c in charset)
                if (c <= ' ' || c == '=' || c == '"' || c == '(' || c == ')' || c > '~') return null;
            var enc = char.ToUpperInvariant(s[q1 + 1]);
            if (enc != 'B' && enc != 'Q') return null;
            var payload = s.Substring(q1 + 3, close - q1 - 3);
            var bytes = enc == 'B' ? Base64Decoder.DecodeString(payload) : DecodeQ(payload);
            return new Word { Start = start, End = close + 2, Charset = charset, Bytes = bytes };
        }

        private static byte[] DecodeQ(string text)
        {
            var output = new List<byte>(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '_') output.Add(0x20);
                else if (c == '=' && i + 2 < text.Length && Hex.Value(text[i + 1]) >= 0 && Hex.Value(text[i + 2]) >= 0)
                {
                    output.Add((byte)(Hex.Value(text[i + 1]) * 16 + Hex.Value(text[i + 2])));
                    i += 2;
                }
                else if (c < 0x100) output.Add((byte)c);
                else output.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
            return output.ToArray();
        }
    }
}
