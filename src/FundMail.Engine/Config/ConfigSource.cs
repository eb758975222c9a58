using System;
using System.Collections.Generic;
using System.IO;

namespace FundMail.Config
{
    /// <summary>
    /// The raw key/value pairs of a configuration: the .env file (<see cref="EnvFileLocator"/> says which), each key
    /// overridden by the process environment variable of its name with the FUNDMAIL_ prefix (FUNDMAIL_HOST for HOST).
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

        /// <summary>The .env file read, or null when only FUNDMAIL_ environment variables are used.</summary>
        public string? Path { get; }

        public string Description => _description ?? Path ?? "FUNDMAIL_ environment variables (no .env file found)";

        public static ConfigSource Load(string? explicitEnvFile = null, string? currentDirectory = null)
        {
            return Load(explicitEnvFile, currentDirectory ?? Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable);
        }

        /// <param name="environment">The process environment, by variable name.</param>
        internal static ConfigSource Load(string? explicitEnvFile, string currentDirectory, Func<string, string?> environment)
        {
            var path = EnvFileLocator.Locate(explicitEnvFile, currentDirectory, environment);
            var file = path == null ? new Dictionary<string, string>() : EnvFileReader.Read(path);
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
            var value = _environment(ConfigKeys.EnvironmentPrefix + key);
            if (value == null)
                _file.TryGetValue(key, out value);
            value = value?.Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }
    }
}
