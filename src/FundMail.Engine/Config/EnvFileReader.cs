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
            RejectInterpolatedSecrets(path, lines);
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

        // DotNetEnv expands $NAME inside unquoted and double-quoted values, which would silently
        // truncate a password such as pa$word. Single quotes keep a value literal.
        private static readonly Regex SecretLine = new Regex(
            @"^\s*(?:export\s+)?(?<key>" + string.Join("|", ConfigKeys.Secrets) + @")\s*=\s*(?<value>.*)$",
            RegexOptions.Compiled);

        private static void RejectInterpolatedSecrets(string path, string[] lines)
        {
            var problems = new List<ConfigProblem>();
            for (var i = 0; i < lines.Length; i++)
            {
                var match = SecretLine.Match(lines[i]);
                if (!match.Success)
                    continue;
                var value = match.Groups["value"].Value.Trim();
                if (value.StartsWith("'", StringComparison.Ordinal) || value.IndexOf('$') < 0)
                    continue;
                problems.Add(new ConfigProblem(match.Groups["key"].Value, "line " + (i + 1) +
                    " contains '$', which .env expands as a variable; wrap the value in single quotes, e.g. KEY='value'"));
            }
            if (problems.Count > 0)
                throw new ConfigException(problems, path);
        }
    }
}
