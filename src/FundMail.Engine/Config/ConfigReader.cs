using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using FundMail.Util;

namespace FundMail.Config
{
    /// <summary>
    /// Reads typed values from a <see cref="ConfigSource"/>, collecting every problem so the user
    /// sees all of them in one <see cref="ConfigException"/> instead of fixing one key per run.
    /// </summary>
    internal sealed class ConfigReader
    {
        private readonly ConfigSource _source;
        private readonly List<ConfigProblem> _problems = new List<ConfigProblem>();

        public ConfigReader(ConfigSource source)
        {
            _source = source;
        }

        /// <summary>Reads a settings section, throwing one <see cref="ConfigException"/> with all its problems.</summary>
        public static T Validate<T>(ConfigSource source, Func<ConfigReader, T> read)
        {
            var reader = new ConfigReader(source);
            var settings = read(reader);
            reader.ThrowIfAny();
            return settings;
        }

        public string? Optional(string key) => _source.Get(key);

        public string Required(string key, string expected)
        {
            var value = _source.Get(key);
            if (value != null)
                return value;
            Problem(key, "is missing; expected " + expected);
            return "";
        }

        /// <summary>A secret, decrypted when it was written by Protect-FundMailSecret (KEY=dpapi:...).</summary>
        public Secret? OptionalSecret(string key)
        {
            var value = _source.Get(key);
            return value == null ? null : Unprotect(key, value);
        }

        public Secret RequiredSecret(string key, string expected)
        {
            var value = Required(key, expected);
            return value.Length == 0 ? new Secret("") : Unprotect(key, value) ?? new Secret("");
        }

        private Secret? Unprotect(string key, string value)
        {
            if (!DpapiSecret.IsProtected(value))
                return new Secret(value);
            try
            {
                return DpapiSecret.Unprotect(key, value);
            }
            catch (ConfigException e)
            {
                _problems.AddRange(e.Problems);
                return null;
            }
        }

        public int Integer(string key, int defaultValue, int min, int max, string meaning)
        {
            var text = _source.Get(key);
            if (text == null)
                return defaultValue;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
                return value;
            Problem(key, "must be " + meaning + ", a whole number from " + min + " to " + max + " " + NotShown(text));
            return defaultValue;
        }

        public T Choice<T>(string key, T defaultValue, IReadOnlyDictionary<string, T> choices)
        {
            var text = _source.Get(key);
            if (text == null)
                return defaultValue;
            foreach (var choice in choices)
                if (string.Equals(choice.Key, text, StringComparison.OrdinalIgnoreCase))
                    return choice.Value;
            Problem(key, "must be one of " + string.Join(", ", choices.Keys) + " " + NotShown(text));
            return defaultValue;
        }

        public Uri HttpsUri(string key, string defaultValue)
        {
            var text = _source.Get(key) ?? defaultValue;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.AbsolutePath == "/")
                return uri;
            Problem(key, "must be an https:// URL with no path, e.g. " + defaultValue + " " + NotShown(text));
            return new Uri(defaultValue);
        }

        /// <summary>A path to a file that must exist; relative paths are taken from the .env file's folder.</summary>
        public string? ExistingFile(string key, string what)
        {
            var text = _source.Get(key);
            if (text == null)
                return null;
            var path = ResolvePath(text);
            if (File.Exists(path))
                return path;
            Problem(key, "must name an existing " + what + " file; not found: " + path);
            return null;
        }

        /// <summary>A directory path (need not exist yet); relative paths are taken from the .env file's folder.</summary>
        public string Directory(string key, string expected)
        {
            var text = Required(key, expected);
            if (text.Length == 0)
                return "";
            if (text.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                Problem(key, "is not a valid folder path " + NotShown(text));
                return "";
            }
            return ResolvePath(text);
        }

        /// <summary>
        /// A directory path when the key is set to a valid one, else null and no problem: for a key that only helps here
        /// (the settings that need it report it themselves).
        /// </summary>
        public string? OptionalDirectory(string key)
        {
            var text = Optional(key);
            if (string.IsNullOrEmpty(text) || text!.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
                return null;
            try
            {
                return ResolvePath(text);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                return null; // .NET Framework refuses some paths (a second ':', too long) that the check above lets through
            }
        }

        public void Problem(string key, string expected) => _problems.Add(new ConfigProblem(key, expected));

        /// <summary>
        /// What a wrong value looks like without showing it: a secret pasted under the wrong key would otherwise be printed
        /// in an error, a log or a scheduled task's history.
        /// </summary>
        public static string NotShown(string value) => "(the value given, " + value.Length + " characters, is not shown)";

        public void ThrowIfAny()
        {
            if (_problems.Count > 0)
                throw new ConfigException(_problems.ToArray(), _source.Description);
        }

        private string ResolvePath(string text)
        {
            var root = _source.Path == null ? global::System.IO.Directory.GetCurrentDirectory() : Path.GetDirectoryName(_source.Path)!;
            return Path.GetFullPath(Path.Combine(root, text));
        }
    }
}
