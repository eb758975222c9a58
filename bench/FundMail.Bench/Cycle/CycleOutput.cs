using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FundMail.Bench.Cycle
{
    /// <summary>
    /// What `fundmail cycle` said it did: from its JSON report (`--json`: mails_stored, queued_batches, timings,
    /// imap_round_trips, names matched without regard to case or underscores) or, from a host without --json, its
    /// one-line summary.
    /// </summary>
    internal sealed record CycleOutput(int MailsStored, int QueuedBatches, IReadOnlyDictionary<string, double> Timings, int? ImapRoundTrips)
    {
        /// <summary>The contract's IMAP leg of a cycle: TCP+TLS, authentication (token included), EXAMINE+SEARCH.</summary>
        public static readonly string[] ImapLeg = { "connect", "auth", "select" };

        private static readonly Regex Line = new Regex(@"stored (\d+) mail\(s\).*?(\d+) batch\(es\) queued");

        public static CycleOutput Parse(string stdout)
        {
            var brace = stdout.IndexOf('{');
            if (brace < 0)
            {
                var match = Line.Match(stdout);
                if (!match.Success)
                    throw new InvalidOperationException("cannot read the cycle's output: " + Clip(stdout));
                return new CycleOutput(Int(match.Groups[1].Value), Int(match.Groups[2].Value), new Dictionary<string, double>(), null);
            }
            using var json = JsonDocument.Parse(stdout.Substring(brace));
            var root = json.RootElement;
            var timings = Property(root, "Timings") is JsonElement t && t.ValueKind == JsonValueKind.Object
                ? t.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, double>();
            return new CycleOutput(
                Property(root, "MailsStored")?.GetInt32() ?? throw new InvalidOperationException("the cycle's JSON has no MailsStored: " + Clip(stdout)),
                Property(root, "QueuedBatches")?.GetInt32() ?? 0,
                timings,
                Property(root, "ImapRoundTrips") is JsonElement trips && trips.ValueKind == JsonValueKind.Number ? trips.GetInt32() : null);
        }

        /// <summary>Seconds of the IMAP leg, or null when the cycle did not report all three of its stages.</summary>
        public double? ImapLegSeconds => ImapLeg.All(Timings.ContainsKey) ? ImapLeg.Sum(k => Timings[k]) : null;

        /// <summary>e.g. "stored 2000, queued 0, connect 0.12 s, auth 0.20 s, ..., 57 IMAP round trips".</summary>
        public override string ToString() =>
            $"stored {MailsStored}, queued {QueuedBatches}" +
            string.Concat(Timings.Select(t => FormattableString.Invariant($", {t.Key} {t.Value:F2} s"))) +
            (ImapRoundTrips is int n ? $", {n} IMAP round trips" : "");

        /// <summary>Each timing's median over a contender's repetitions, in the order the cycle reported them.</summary>
        public static Dictionary<string, double> Medians(IEnumerable<Sample> samples)
        {
            var list = samples.Select(s => Parse(s.Output)).ToList();
            return list.SelectMany(o => o.Timings.Keys).Distinct(StringComparer.OrdinalIgnoreCase)
                .ToDictionary(k => k, k => Math.Round(Contender.Median(list.Where(o => o.Timings.ContainsKey(k)).Select(o => o.Timings[k])), 3));
        }

        /// <summary>A property by name, matched without regard to case or underscores (MailsStored = mails_stored).</summary>
        private static JsonElement? Property(JsonElement element, string name)
        {
            foreach (var property in element.EnumerateObject())
                if (string.Equals(property.Name.Replace("_", ""), name, StringComparison.OrdinalIgnoreCase))
                    return property.Value;
            return null;
        }

        /// <summary>The start of a long output, for error messages (a cycle's JSON lists every uploaded file).</summary>
        public static string Clip(string text) => text.Length <= 600 ? text : text.Substring(0, 600) + " …";

        private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
    }
}
