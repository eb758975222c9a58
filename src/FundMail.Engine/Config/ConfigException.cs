using System;
using System.Collections.Generic;
using System.Linq;

namespace FundMail.Config
{
    /// <summary>
    /// One error for a configuration that cannot be used: every problem on its own line,
    /// each naming the key and what is expected. Values are never echoed, since they may be secrets.
    /// </summary>
    public sealed class ConfigException : Exception
    {
        public IReadOnlyList<ConfigProblem> Problems { get; }

        public ConfigException(IReadOnlyList<ConfigProblem> problems, string? source)
            : base(Compose(problems, source))
        {
            Problems = problems;
        }

        private static string Compose(IReadOnlyList<ConfigProblem> problems, string? source)
        {
            var where = source == null ? "configuration" : "configuration (" + source + ")";
            return where + " is not usable:" + Environment.NewLine +
                   string.Join(Environment.NewLine, problems.Select(p => "  " + p.Key + ": " + p.Expected));
        }
    }

    public sealed class ConfigProblem
    {
        public ConfigProblem(string key, string expected)
        {
            Key = key;
            Expected = expected;
        }

        public string Key { get; }
        public string Expected { get; }
    }
}
