using System;
using System.Text.RegularExpressions;

namespace FundMail.Config
{
    /// <summary>
    /// Says what is wrong with a .env line, quoting nothing of it: the text before '=' is named only when it is a key
    /// FundMail reads, since anything else on the line may be (part of) a secret.
    /// </summary>
    internal static class EnvLineDiagnosis
    {
        private static readonly Regex KeyName = new Regex(@"^[A-Za-z_][A-Za-z0-9_.\-]*$");
        private static readonly Regex Export = new Regex(@"^export\s+");

        /// <summary>
        /// Finds the line that stops the parser: the parser's line when something is wrong there, else the first line
        /// that is wrong (at the start of a file the parser reports where it gave up, not where the entry began).
        /// </summary>
        public static ConfigProblem Locate(string[] lines, int parserLine)
        {
            if (parserLine >= 1 && parserLine <= lines.Length && Describe(parserLine, lines[parserLine - 1]) is { } atParser)
                return atParser;
            for (var i = 0; i < lines.Length; i++)
                if (Describe(i + 1, lines[i]) is { } problem)
                    return problem;
            return new ConfigProblem("env file", "cannot be read as KEY=value lines; check the quotes and backslashes");
        }

        /// <returns>The problem with the line, or null when it reads as a comment, a blank or KEY=value.</returns>
        public static ConfigProblem? Describe(int lineNumber, string line)
        {
            var where = "line " + lineNumber;
            var text = Export.Replace(line.Trim(), "");
            if (text.Length == 0 || text[0] == '#')
                return null;
            var equals = text.IndexOf('=');
            if (equals < 0)
                return new ConfigProblem("env file", where + " is not KEY=value (it has no '='); fix it, or start it with # to make it a comment");
            var name = text.Substring(0, equals).Trim();
            if (!KeyName.IsMatch(name))
                return new ConfigProblem("env file", where + ": the text before '=' is not a key name (letters, digits and _, no spaces)");
            var problem = ValueProblem(text.Substring(equals + 1).Trim());
            return problem == null ? null : new ConfigProblem(ConfigKeys.IsKnown(name) ? name : "env file", where + ": " + problem);
        }

        private static string? ValueProblem(string value)
        {
            if (value.Length == 0 || (value[0] != '"' && value[0] != '\''))
                return value.IndexOfAny(new[] { '"', '\'' }) >= 0
                    ? "the value holds a quote but does not start with one; wrap the whole value in single quotes"
                    : null;
            var quote = value[0];
            var close = ClosingQuote(value, quote);
            if (close < 0)
                return quote == '"' && value.EndsWith("\\\"", StringComparison.Ordinal)
                    ? "the backslash before the last \" escapes it, so the value never ends; write a backslash as \\\\, or use single quotes, inside which \\ is plain"
                    : "the value starts with a " + (quote == '"' ? "double" : "single") + " quote that this line never closes; end the value with the same quote";
            var rest = value.Substring(close + 1).TrimStart();
            return rest.Length > 0 && rest[0] != '#' ? "there is text after the closing quote; put the whole value inside the quotes" : null;
        }

        /// <summary>Index of the quote that ends a value opened by <paramref name="quote"/>: in double quotes a backslash escapes the next character, in single quotes nothing does.</summary>
        private static int ClosingQuote(string value, char quote)
        {
            for (var i = 1; i < value.Length; i++)
            {
                if (quote == '"' && value[i] == '\\')
                    i++;
                else if (value[i] == quote)
                    return i;
            }
            return -1;
        }
    }
}
