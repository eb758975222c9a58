using System.Collections.Generic;
using System.Text;

namespace FundMail.Mime
{
    /// <summary>
    /// RFC 5322 address lists, leniently: display names (atoms, quoted strings, encoded words even
    /// inside quotes), angle addresses, bare addresses with a trailing "(Name)" comment, and groups
    /// ("Team: a@x, b@y;") flattened into their members.
    /// </summary>
    internal static class AddressParser
    {
        private enum Kind { Atom, Quoted, Comment, Angle, Comma, Colon, Semicolon }

        private readonly struct Token
        {
            internal Token(Kind kind, string text, bool spaceBefore)
            {
                Type = kind;
                Text = text;
                SpaceBefore = spaceBefore;
            }

            internal Kind Type { get; }
            internal string Text { get; }
            internal bool SpaceBefore { get; }
        }

        internal static List<EmailAddress> Parse(string? header, TextDecoding decoding)
        {
            var result = new List<EmailAddress>();
            if (string.IsNullOrWhiteSpace(header)) return result;
            var current = new List<Token>();
            var hasAngle = false;
            foreach (var token in Tokenize(header!))
            {
                switch (token.Type)
                {
                    case Kind.Comma:
                    case Kind.Semicolon:
                        Flush(current, result, decoding);
                        hasAngle = false;
                        break;
                    case Kind.Colon when !hasAngle:
                        current.Clear(); // a group's name is not a mailbox
                        break;
                    default:
                        hasAngle |= token.Type == Kind.Angle;
                        current.Add(token);
                        break;
                }
            }
            Flush(current, result, decoding);
            return result;
        }

        private static void Flush(List<Token> tokens, List<EmailAddress> result, TextDecoding decoding)
        {
            if (tokens.Count == 0) return;
            string? address = null;
            var phrase = new StringBuilder();
            var bare = new StringBuilder();
            string? comment = null;
            foreach (var t in tokens)
            {
                switch (t.Type)
                {
                    case Kind.Angle:
                        if (address == null) address = StripRoute(t.Text);
                        break;
                    case Kind.Comment:
                        comment ??= t.Text.Trim();
                        break;
                    default:
                        if (address != null) break;
                        if (phrase.Length > 0) phrase.Append(' ');
                        phrase.Append(t.Text);
                        if (t.Type == Kind.Quoted) bare.Append('"').Append(t.Text).Append('"');
                        else bare.Append(t.Text);
                        break;
                }
            }
            tokens.Clear();
            string? name;
            if (address != null) name = phrase.ToString();
            else
            {
                address = bare.ToString();
                name = comment;
            }
            address = address.Trim();
            if (address.Length == 0) return;
            name = name == null ? null : EncodedWords.Decode(name, decoding).Trim();
            result.Add(new EmailAddress(string.IsNullOrEmpty(name) ? null : name, address));
        }

        // Obsolete source routes: <@relay1,@relay2:user@host>
        private static string StripRoute(string text)
        {
            var t = text.Trim();
            if (t.StartsWith("@") && t.IndexOf(':') > 0) t = t.Substring(t.IndexOf(':') + 1);
            return t.Replace(" ", "").Replace("\t", "");
        }

        private static IEnumerable<Token> Tokenize(string s)
        {
            var i = 0;
            var space = false;
            while (i < s.Length)
            {
                var c = s[i];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { space = true; i++; continue; }
                Token token;
                if (c == '"') token = new Token(Kind.Quoted, ReadDelimited(s, ref i, '"', '"'), space);
                else if (c == '(') token = new Token(Kind.Comment, ReadDelimited(s, ref i, '(', ')'), space);
                else if (c == '<') token = new Token(Kind.Angle, ReadDelimited(s, ref i, '<', '>'), space);
                else if (c == ',') { token = new Token(Kind.Comma, ",", space); i++; }
                else if (c == ':') { token = new Token(Kind.Colon, ":", space); i++; }
                else if (c == ';') { token = new Token(Kind.Semicolon, ";", space); i++; }
                else
                {
                    var start = i;
                    while (i < s.Length && "\"(<,:; \t\r\n".IndexOf(s[i]) < 0) i++;
                    token = new Token(Kind.Atom, s.Substring(start, i - start), space);
                }
                space = false;
                yield return token;
            }
        }

        /// <summary>Reads a quoted string, comment (nested) or angle address; an unclosed one runs to the end.</summary>
        private static string ReadDelimited(string s, ref int i, char open, char close)
        {
            var sb = new StringBuilder();
            var depth = 1;
            i++;
            while (i < s.Length)
            {
                var c = s[i++];
                if (c == '\\' && open != '<' && i < s.Length) { sb.Append(s[i++]); continue; }
                if (c == open && open == '(') depth++;
                else if (c == close && --depth == 0) break;
                sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
