using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace FundMail.Config
{
    /// <summary>
    /// Reads a .env file's pairs with DotNetEnv, without touching the process environment. DotNetEnv's parse errors quote
    /// the text it consumed last, which may be the end of a secret: they are dropped, not wrapped, and replaced by our
    /// own account of the line, which names the file, the line and the key but no part of any value.
    /// </summary>
    internal static class EnvFileReader
    {
        public static Dictionary<string, string> Read(string path)
        {
            var lines = File.ReadAllText(path).Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
            RejectInterpolation(path, lines);
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                foreach (var pair in DotNetEnv.Env.NoEnvVars().Load(path))
                    values[pair.Key] = pair.Value;
            }
            catch (Exception e) when (!(e is IOException || e is UnauthorizedAccessException))
            {
                // Any failure of the parser may carry file text: only the line number is taken from it.
                var line = (e as Sprache.ParseException)?.Position?.Line ?? 0;
                throw new ConfigException(new[] { EnvLineDiagnosis.Locate(lines, line) }, path);
            }
            return values;
        }

        private static readonly Regex PairLine = new Regex(@"^\s*(?:export\s+)?(?<key>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>.*)$", RegexOptions.Compiled);

        // Where DotNetEnv substitutes a variable: $NAME or ${NAME}. An unquoted value's comment is not part of it.
        private static readonly Regex Variable = new Regex(@"\$(?:[A-Za-z_{])", RegexOptions.Compiled);

        /// <summary>
        /// DotNetEnv expands $NAME inside unquoted and double-quoted values from the process environment: a plain HOST or
        /// PORT in the shell would redirect FundMail after all, and a password such as pa$word would be cut short. Single
        /// quotes keep a value literal; a secret may hold no unquoted '$' at all.
        /// </summary>
        private static void RejectInterpolation(string path, string[] lines)
        {
            var problems = new List<ConfigProblem>();
            for (var i = 0; i < lines.Length; i++)
            {
                var match = PairLine.Match(lines[i]);
                if (!match.Success)
                    continue;
                var key = match.Groups["key"].Value;
                var value = match.Groups["value"].Value.Trim();
                if (value.StartsWith("'", StringComparison.Ordinal))
                    continue;
                if (!value.StartsWith("\"", StringComparison.Ordinal))
                    value = Regex.Replace(value, @"\s#.*$", "");
                if (ConfigKeys.Secrets.Contains(key) && value.IndexOf('$') >= 0)
                    problems.Add(new ConfigProblem(key, "line " + (i + 1) +
                        " contains '$', which .env expands as a variable; wrap the value in single quotes, e.g. KEY='value'"));
                else if (Variable.IsMatch(value))
                    problems.Add(new ConfigProblem(key, "line " + (i + 1) + " refers to an environment variable ('$' and a name), which .env " +
                        "would substitute; FundMail takes no value from plain environment variables: write the value itself, or wrap it in " +
                        "single quotes to keep the '$'"));
            }
            if (problems.Count > 0)
                throw new ConfigException(problems, path);
        }
    }
}
