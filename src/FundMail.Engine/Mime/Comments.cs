using System.Text;

namespace FundMail.Mime
{
    /// <summary>RFC 5322 comments: "(...)", nestable, with quoted-pairs, ignored inside quoted strings.</summary>
    internal static class Comments
    {
        internal static string Strip(string text)
        {
            if (text.IndexOf('(') < 0) return text;
            var sb = new StringBuilder(text.Length);
            var depth = 0;
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\\' && i + 1 < text.Length && (quoted || depth > 0))
                {
                    if (depth == 0) sb.Append(c).Append(text[i + 1]);
                    i++;
                    continue;
                }
                if (depth > 0)
                {
                    if (c == '(') depth++;
                    else if (c == ')') depth--;
                    if (depth == 0) sb.Append(' ');
                    continue;
                }
                if (c == '"') quoted = !quoted;
                if (c == '(' && !quoted) { depth = 1; continue; }
                sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
