using System;
using System.Collections.Generic;
using System.Net;
using System.Text;

namespace FundMail.Mime
{
    /// <summary>
    /// HTML body to readable text for search and preview: block elements and &lt;br&gt; become line
    /// breaks, list items "- " or "1. ", links keep their target as " &lt;url&gt;" when it differs from the
    /// link text; head, script, style and comments are dropped; entities decoded; blanks collapsed.
    /// </summary>
    internal static class HtmlToText
    {
        private static readonly HashSet<string> Blocks = new HashSet<string>(StringComparer.Ordinal)
        {
            "div", "tr", "table", "dl", "dt", "dd", "blockquote", "pre", "section", "article", "header",
            "footer", "address", "form", "center", "nav", "aside", "main", "figure", "figcaption", "fieldset", "caption",
            "tbody", "thead", "tfoot", "body", "html",
        };

        private static readonly HashSet<string> Paragraphs = new HashSet<string>(StringComparer.Ordinal)
        {
            "p", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        };

        private static readonly HashSet<string> Dropped = new HashSet<string>(StringComparer.Ordinal)
        {
            "script", "style", "head", "title", "noscript", "template", "object", "iframe", "svg",
        };

        internal static string Convert(string html)
        {
            var output = new TextOutput();
            string? href = null;
            var lists = new Stack<int>(); // per open list: -1 for <ul>, else the last <ol> number
            var linkStart = 0;
            var i = 0;
            while (i < html.Length)
            {
                var lt = html.IndexOf('<', i);
                if (lt < 0) lt = html.Length;
                if (lt > i) output.Text(WebUtility.HtmlDecode(html.Substring(i, lt - i)));
                if (lt >= html.Length) break;
                if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0) { i = Skip(html, lt + 4, "-->"); continue; }
                var tag = HtmlTag.Read(html, lt, out var next);
                if (tag == null) { output.Text("<"); i = lt + 1; continue; }
                i = next;
                var name = tag.Name;
                if (!tag.Closing && Dropped.Contains(name) && !tag.SelfClosing)
                {
                    i = SkipElement(html, i, name);
                    continue;
                }
                if (name == "br") output.Break();
                else if ((name == "ul" || name == "ol") && !tag.Closing) { output.Line(); lists.Push(name == "ol" ? 0 : -1); }
                else if ((name == "ul" || name == "ol") && tag.Closing) { output.Line(); if (lists.Count > 0) lists.Pop(); }
                else if (name == "li" && !tag.Closing)
                {
                    output.Line();
                    var number = lists.Count > 0 ? lists.Pop() : -1;
                    lists.Push(number < 0 ? -1 : number + 1);
                    output.Text(number < 0 ? "- " : (number + 1) + ". ");
                }
                else if (name == "td" || name == "th") { if (!tag.Closing) output.Text(" "); }
                else if (Paragraphs.Contains(name)) output.Paragraph();
                else if (Blocks.Contains(name) || name == "li") output.Line();
                else if (name == "pre") output.Line();
                else if (name == "a")
                {
                    if (!tag.Closing) { href = tag.Attribute("href"); linkStart = output.Length; }
                    else if (href != null)
                    {
                        var target = href.Trim();
                        var label = output.Since(linkStart).Trim();
                        if ((target.StartsWith("http", StringComparison.OrdinalIgnoreCase) || target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
                            && label != target && "mailto:" + label != target)
                            output.Text(" <" + target + ">");
                        href = null;
                    }
                }
                else if (name == "img" && tag.Attribute("alt") is string alt && alt.Trim().Length > 0) output.Text("[" + alt.Trim() + "]");
            }
            return output.Finish();
        }

        private static int Skip(string html, int from, string end)
        {
            var at = html.IndexOf(end, from, StringComparison.Ordinal);
            return at < 0 ? html.Length : at + end.Length;
        }

        private static int SkipElement(string html, int from, string name)
        {
            var at = html.IndexOf("</" + name, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0) return name == "head" || name == "title" ? from : html.Length;
            var gt = html.IndexOf('>', at);
            return gt < 0 ? html.Length : gt + 1;
        }

        /// <summary>Text being built: collapses blanks, knows whether it sits at a line start.</summary>
        private sealed class TextOutput
        {
            private readonly StringBuilder sb = new StringBuilder();

            internal int Length => sb.Length;
            internal string Since(int start) => sb.ToString(start, sb.Length - start);

            internal void Text(string text)
            {
                foreach (var c in text)
                {
                    if (char.IsWhiteSpace(c))
                    {
                        if (sb.Length > 0 && sb[sb.Length - 1] != ' ' && sb[sb.Length - 1] != '\n') sb.Append(' ');
                    }
                    else sb.Append(c);
                }
            }

            internal void Break()
            {
                TrimSpace();
                sb.Append('\n');
            }

            internal void Line()
            {
                TrimSpace();
                if (sb.Length > 0 && sb[sb.Length - 1] != '\n') sb.Append('\n');
            }

            internal void Paragraph()
            {
                Line();
                if (sb.Length > 1 && sb[sb.Length - 2] != '\n') sb.Append('\n');
            }

            private void TrimSpace()
            {
                while (sb.Length > 0 && sb[sb.Length - 1] == ' ') sb.Length--;
            }

            internal string Finish()
            {
                var lines = sb.ToString().Split('\n');
                var result = new StringBuilder();
                var blank = 0;
                foreach (var raw in lines)
                {
                    var line = raw.Trim(' ');
                    if (line.Length == 0) { if (result.Length > 0) blank++; continue; }
                    if (result.Length > 0) result.Append(blank > 0 ? "\n\n" : "\n");
                    blank = 0;
                    result.Append(line);
                }
                if (result.Length > 0) result.Append('\n');
                return result.ToString();
            }
        }
    }
}
