using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FundMail.Bench
{
    /// <summary>The one table of a run: every target with its ratio and verdict, every process of ours against the memory limit, the findings.</summary>
    internal static class Summary
    {
        public const long RssLimitMb = 150;

        /// <summary>T5: the peak RSS of every process of ours that ran, against the limit.</summary>
        public static IEnumerable<(string Scenario, Contender Contender, bool Pass)> Memory(BenchRun run) =>
            run.Scenarios.SelectMany(s => s.Contenders.Where(c => c.Ours && c.Samples.Count > 0)
                .Select(c => (s.Name, c, c.PeakRssKb <= RssLimitMb * 1024)));

        public static void Print(BenchRun run, string jsonPath)
        {
            var reps = run.Options.Reps;
            var text = new StringBuilder().AppendLine();
            text.AppendLine($"== FundMail against its peers: median of {reps} rep(s); ratio = ours / peer (below 1: we are faster)");
            if (run.Targets.Count > 0)
                text.AppendLine($"{"id",-4} {"target",-40} {"fundmail",10} {"peer",-32} {"peer",10} {"ratio",7} {"limit",7} {"RSS ours",9}  result");
            foreach (var t in run.Targets)
            {
                text.Append(FormattableString.Invariant(
                    $"{t.Id,-4} {t.Label,-40} {Report.Seconds(t.Ours.MedianValue),10} {Clip(t.Peer.Name, 32),-32} {Report.Seconds(t.Peer.MedianValue),10} {t.Ratio,7:F2} "));
                text.Append(t.MaxRatio is double limit ? FormattableString.Invariant($"{"≤ " + limit.ToString("F2", CultureInfo.InvariantCulture),7}") : $"{"-",7}");
                text.AppendLine($" {t.Ours.PeakRssKb / 1024,6} MB  {Verdict(t.Pass)}");
                if (t.Note != null)
                    text.AppendLine($"     {t.Note}");
            }
            text.AppendLine().AppendLine($"== T5 peak RSS of every FundMail process (limit {RssLimitMb} MB)");
            foreach (var (scenario, c, pass) in Memory(run))
                text.AppendLine($"T5   {scenario + ": " + c.Name,-60} {c.PeakRssKb / 1024,6} MB  {Verdict(pass)}");
            if (run.Findings.Count > 0)
            {
                text.AppendLine().AppendLine("== reported (no target)");
                foreach (var f in run.Findings)
                    text.AppendLine($"{f.Id,-4} {f.Label}: {f.Text}");
            }
            var failed = run.Targets.Count(t => t.Pass == false) + Memory(run).Count(m => !m.Pass);
            var checkedCount = run.Targets.Count(t => t.Pass != null) + Memory(run).Count();
            text.AppendLine().AppendLine($"{checkedCount - failed} of {checkedCount} checks pass.");
            text.AppendLine($"load average at start {run.LoadAtStart}; at end {BenchRun.LoadAverage()} (on a busy machine wall times are noise)");
            foreach (var warning in run.Warnings)
                text.AppendLine("WARNING " + warning);
            text.AppendLine("results: " + jsonPath);
            Console.Write(text.ToString());
        }

        public static string Verdict(bool? pass) => pass switch { true => "pass", false => "FAIL", null => "reported" };

        private static string Clip(string text, int width) => text.Length <= width ? text : text.Substring(0, width - 1) + "…";
    }
}
