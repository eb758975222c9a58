using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace FundMail.Bench
{
    /// <summary>Options every scenario shares. --quick shrinks the data and runs one repetition (a smoke check).</summary>
    internal sealed class BenchOptions
    {
        public int Mails { get; private set; } = 2000;
        public int Reps { get; private set; } = 3;

        /// <summary>Small files for the many-files upload (together about <see cref="SmallFilesMegabytes"/>).</summary>
        public int Files { get; private set; } = 2000;
        public int SmallFilesMegabytes => Files / 10;

        public int BigFileMegabytes { get; private set; } = 1024;

        /// <summary>The attachment of the one mail of the memory target's batch.</summary>
        public int AttachmentMegabytes { get; private set; } = 200;

        public double RttMs { get; private set; } = 30;
        public bool Quick { get; private set; }

        /// <summary>Same seed, same mail bytes: runs on different days compare like with like.</summary>
        public int Seed { get; private set; } = 20261121;

        public static BenchOptions Parse(IReadOnlyList<string> args)
        {
            var options = new BenchOptions();
            if (args.Contains("--quick"))
            {
                options.Quick = true;
                options.Mails = 100;
                options.Files = 100;
                options.BigFileMegabytes = 128;
                options.Reps = 1;
            }
            for (var i = 0; i < args.Count; i++)
            {
                var value = i + 1 < args.Count ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--quick": break;
                    case "--mails": options.Mails = Positive(args[i], value); i++; break;
                    case "--files": options.Files = Positive(args[i], value); i++; break;
                    case "--big-mb": options.BigFileMegabytes = Positive(args[i], value); i++; break;
                    case "--attachment-mb": options.AttachmentMegabytes = Positive(args[i], value); i++; break;
                    case "--rtt": options.RttMs = Positive(args[i], value); i++; break;
                    case "--reps": options.Reps = Positive(args[i], value); i++; break;
                    case "--seed": options.Seed = Positive(args[i], value); i++; break;
                    default: throw new UsageException("unknown option '" + args[i] + "'");
                }
            }
            return options;
        }

        public IReadOnlyDictionary<string, object> Describe() => new Dictionary<string, object>
        {
            ["quick"] = Quick,
            ["mails"] = Mails,
            ["files"] = Files,
            ["smallFilesMegabytes"] = SmallFilesMegabytes,
            ["bigFileMegabytes"] = BigFileMegabytes,
            ["attachmentMegabytes"] = AttachmentMegabytes,
            ["rttMs"] = RttMs,
            ["reps"] = Reps,
            ["seed"] = Seed,
        };

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
