using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace FundMail.Config
{
    /// <summary>
    /// The raw key/value pairs of a configuration: the .env file (read with DotNetEnv, without touching
    /// the process environment), overridden by process environment variables of the same name.
    /// </summary>
    public sealed class ConfigSource
    {
        private readonly IReadOnlyDictionary<string, string> _file;
        private readonly Func<string, string?> _environment;

        private readonly string? _description;

        private ConfigSource(string? path, IReadOnlyDictionary<string, string> file, Func<string, string?> environment, string? description = null)
        {
            Path = path;
            _description = description;
            _file = file;
            _environment = environment;
        }

        /// <summary>The .env file read, or null when only the process environment is used.</summary>
        public string? Path { get; }

        public string Description => _description ?? Path ?? "process environment (no .env file found)";

        public static ConfigSource Load(string? explicitEnvFile = null, string? currentDirectory = null)
        {
            return Load(explicitEnvFile, currentDirectory ?? Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable);
        }

        internal static ConfigSource Load(string? explicitEnvFile, string currentDirectory, Func<string, string?> environment)
        {
            var path = EnvFileLocator.Locate(explicitEnvFile, currentDirectory);
            var file = path == null ? new Dictionary<string, string>() : ReadFile(path);
            return new ConfigSource(path, file, environment);
        }

        /// <summary>A source from given values only (tests, and callers that hold settings in memory).</summary>
        public static ConfigSource FromValues(IReadOnlyDictionary<string, string> values, string description = "in-memory values")
        {
            return new ConfigSource(null, values, _ => null, description);
        }

        /// <summary>The value of a key, trimmed; null when absent or blank.</summary>
        public string? Get(string key)
        {
            var value = _environment(key);
            if (value == null)
                _file.TryGetValue(key, out value);
            value = value?.Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }

        private static Dictionary<string, string> ReadFile(string path)
        {
            RejectInterpolatedSecrets(path);
            try
            {
                var pairs = DotNetEnv.Env.NoEnvVars().Load(path);
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var pair in pairs)
                    values[pair.Key] = pair.Value;
                return values;
            }
            catch (Sprache.ParseException e)
            {
                throw new ConfigException(new[] { new ConfigProblem("env file", "cannot be parsed: " + e.Message) }, path);
            }
        }

        // DotNetEnv expands $NAME inside unquoted and double-quoted values, which would silently
        // truncate a password such as pa$word. Single quotes keep a value literal.
        private static readonly Regex SecretLine = new Regex(
            @"^\s*(?:export\s+)?(?<key>" + string.Join("|", ConfigKeys.Secrets) + @")\s*=\s*(?<value>.*)$",
            RegexOptions.Compiled);

        private static void RejectInterpolatedSecrets(string path)
        {
            var problems = new List<ConfigProblem>();
            foreach (var line in File.ReadLines(path))
            {
                var match = SecretLine.Match(line);
                if (!match.Success)
                    continue;
                var value = match.Groups["value"].Value.Trim();
                if (value.StartsWith("'", StringComparison.Ordinal) || value.IndexOf('$') < 0)
                    continue;
                problems.Add(new ConfigProblem(match.Groups["key"].Value,
                    "contains '$', which .env expands as a variable; wrap the value in single quotes, e.g. KEY='value'"));
            }
            if (problems.Count > 0)
                throw new ConfigException(problems, path);
        }
    }
}
