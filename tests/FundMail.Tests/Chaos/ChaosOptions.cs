using System;
using System.Globalization;

namespace FundMail.Tests.Chaos
{
    /// <summary>
    /// How big a chaos run is. The suite uses the defaults; tests/chaos/run sets FUNDMAIL_CHAOS_MAILS, _KILLS, _OUTAGES and
    /// _SEED for the full-size run of the same code, and FUNDMAIL_CHAOS_LOG to a file that shows progress while it runs.
    /// </summary>
    public sealed record ChaosOptions(int Mails, int Kills, int Outages, int Seed, string? LogFile = null)
    {
        public static ChaosOptions Suite => new ChaosOptions(300, 15, 4, 20261121);

        public static ChaosOptions FromEnvironment()
        {
            var suite = Suite;
            return new ChaosOptions(Read("MAILS", suite.Mails), Read("KILLS", suite.Kills), Read("OUTAGES", suite.Outages), Read("SEED", suite.Seed),
                Environment.GetEnvironmentVariable("FUNDMAIL_CHAOS_LOG") is { Length: > 0 } log ? log : null);
        }

        private static int Read(string name, int fallback)
        {
            var text = Environment.GetEnvironmentVariable("FUNDMAIL_CHAOS_" + name);
            if (string.IsNullOrWhiteSpace(text))
                return fallback;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
                throw new ArgumentException("FUNDMAIL_CHAOS_" + name + " must be a whole number ≥ 0, not '" + text + "'");
            return value;
        }
    }
}
