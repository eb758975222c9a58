using System;
using System.Collections.Generic;

namespace FundMail.Host.Cli
{
    /// <summary>
    /// The command line after the verb: `--name value` options and `--flag` switches, each declared by the verb,
    /// so a typo is an error that names the unknown option rather than something silently ignored.
    /// </summary>
    internal sealed class Arguments
    {
        private readonly Dictionary<string, string?> _given = new Dictionary<string, string?>(StringComparer.Ordinal);
        private readonly List<string> _positional = new List<string>();

        private Arguments() { }

        public static Arguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> switches,
            bool allowPositional = false)
        {
            var parsed = new Arguments();
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                string name = arg, value = null!;
                var eq = arg.IndexOf('=');
                if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
                {
                    name = arg.Substring(0, eq);
                    value = arg.Substring(eq + 1);
                }
                var key = name.StartsWith("--", StringComparison.Ordinal) ? name.Substring(2) : null;
                if (key != null && Contains(switches, key) && value == null)
                {
                    parsed._given[key] = null;
                }
                else if (key != null && Contains(options, key))
                {
                    if (value == null)
                    {
                        if (i + 1 >= args.Count)
                            throw new UsageException("option --" + key + " needs a value");
                        value = args[++i];
                    }
                    parsed._given[key] = value;
                }
                else if (allowPositional && !arg.StartsWith("--", StringComparison.Ordinal))
                {
                    parsed._positional.Add(arg);
                }
                else
                {
                    throw new UsageException("unknown argument '" + arg + "'");
                }
            }
            return parsed;
        }

        /// <summary>Arguments that are not options (file names), in order.</summary>
        public IReadOnlyList<string> Positional => _positional;

        public bool Has(string name) => _given.ContainsKey(name);

        public string? Value(string name) => _given.TryGetValue(name, out var v) ? v : null;

        private static bool Contains(IReadOnlyCollection<string> names, string name)
        {
            foreach (var n in names)
                if (n == name)
                    return true;
            return false;
        }
    }

    internal sealed class UsageException : Exception
    {
        public UsageException(string message) : base(message) { }
    }
}
