using System;
using System.Collections.Generic;
using System.Globalization;

namespace FundMail.Bench
{
    /// <summary>Options every scenario shares.</summary>
    internal sealed class BenchOptions
    {
        public int Mails { get; private set; } = 2000;
        public int Reps { get; private set; } = 3;

        /// <summary>Same seed, same mail bytes: runs on different days compare like with like.</summary>
        public int Seed { get; private set; } = 20261121;

        public static BenchOptions Parse(IReadOnlyList<string> args)
        {
            var options = new BenchOptions();
            for (var i = 0; i < args.Count; i++)
            {
                var value = i + 1 < args.Count ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--mails": options.Mails = Positive(args[i], value); i++; break;
                    case "--reps": options.Reps = Positive(args[i], value); i++; break;
                    case "--seed": options.Seed = Positive(args[i], value); i++; break;
                    default: throw new UsageException("unknown option '" + args[i] + "'");
                }
            }
            return options;
        }

        private static int Positive(string name, string? value)
        {
            if (value == null || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                throw new UsageException(name + " needs a positive whole number, got '" + value + "'");
            return n;
        }
    }

    internal sealed class UsageException : Exception
    {
        public UsageException(string message) : base(message) { }
    }
}
