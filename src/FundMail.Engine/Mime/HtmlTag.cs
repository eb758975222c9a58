using System;

namespace FundMail.Mime
{
    /// <summary>One HTML tag read at a '&lt;': lower-case name, closing/self-closing flags, raw attribute text.</summary>
    internal sealed class HtmlTag
    {
        private readonly string attributes;

        private HtmlTag(string name, bool closing, bool selfClosing, string attributes)
        {
            Name = name;
            Closing = closing;
            SelfClosing = selfClosing;
            this.attributes = attributes;
        }

        internal string Name { get; }
        internal bool Closing { get; }
        internal bool SelfClosing { get; }

        /// <summary>Reads the tag starting at <paramref name="lt"/>; null when it is not a tag (a literal '&lt;').</summary>
        internal static HtmlTag? Read(string html, int lt, out int next)
        {
            next = lt + 1;
            var i = lt + 1;
            var closing = i < html.Length && html[i] == '/';
            if (closing) i++;
            if (i < html.Length && (html[i] == '!' || html[i] == '?'))
            {
                var end = html.IndexOf('>', i);
                next = end < 0 ? html.Length : end + 1;
                return new HtmlTag("!", false, true, "");
            }
            var nameStart = i;
            while (i < html.Length && (char.IsLetterOrDigit(html[i]) || html[i] == ':' || html[i] == '-')) i++;
            if (i == nameStart || !char.IsLetter(html[nameStart])) return null;
            var name = html.Substring(nameStart, i - nameStart).ToLowerInvariant();
            var attrStart = i;
            char quote = '\0';
            while (i < html.Length)
            {
                var c = html[i];
                if (quote != '\0') { if (c == quote) quote = '\0'; }
                else if (c == '"' || c == '\'') quote = c;
                else if (c == '>') break;
                i++;
            }
            var attrs = html.Substring(attrStart, i - attrStart);
            next = i < html.Length ? i + 1 : html.Length;
            return new HtmlTag(name, closing, attrs.TrimEnd().EndsWith("/", StringComparison.Ordinal), attrs);
        }

        /// <summary>An attribute's entity-decoded value, or null.</summary>
        internal string? Attribute(string name)
        {
            var i = 0;
            while (i < attributes.Length)
            {
                var at = attributes.IndexOf(name, i, StringComparison.OrdinalIgnoreCase);
                if (at < 0) return null;
                var before = at == 0 ? ' ' : attributes[at - 1];
                var j = at + name.Length;
                while (j < attributes.Length && attributes[j] == ' ') j++;
                if (!char.IsWhiteSpace(before) || j >= attributes.Length || attributes[j] != '=') { i = at + name.Length; continue; }
                j++;
                while (j < attributes.Length && attributes[j] == ' ') j++;
                if (j >= attributes.Length) return "";
                int end;
                if (attributes[j] == '"' || attributes[j] == '\'')
                {
                    end = attributes.IndexOf(attributes[j], j + 1);
                    if (end < 0) end = attributes.Length;
                    return System.Net.WebUtility.HtmlDecode(attributes.Substring(j + 1, end - j - 1));
                }
                end = j;
                while (end < attributes.Length && !char.IsWhiteSpace(attributes[end])) end++;
                return System.Net.WebUtility.HtmlDecode(attributes.Substring(j, end - j));
            }
            return null;
        }
    }
}
