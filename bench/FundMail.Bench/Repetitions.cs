using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;

namespace FundMail.Bench
{
    /// <summary>
    /// Runs every contender once per repetition against the same servers, rotating the order each repetition so no
    /// tool always runs first or last. An optional unrecorded warm-up round comes first: the first reader of freshly
    /// delivered mail otherwise pays for the server building its indexes and for the page cache filling. Every contender
    /// starts with nothing left to write back.
    /// </summary>
    internal static class Repetitions
    {
        public static async Task RunAsync(IReadOnlyList<Contender> contenders, int reps, bool warmUp = true)
        {
            for (var rep = warmUp ? 0 : 1; rep <= reps; rep++)
            {
                for (var i = 0; i < contenders.Count; i++)
                {
                    var contender = contenders[(i + Math.Max(rep, 1) - 1) % contenders.Count];
                    if (contender.Once && rep != 1)
                        continue;
                    Interrupt.Token.ThrowIfCancellationRequested();
                    await contender.Reset();
                    // Nobody pays for the one before: a peer that does not fsync leaves up to a GiB of dirty pages, whose
                    // writeback would otherwise land on whoever runs next (and on that one's own fsyncs).
                    await Processes.RunAsync("/bin/sync");
                    var sample = await TimedProcess.RunAsync(contender.Command(), rep, i + 1, contender.Network);
                    var output = contender.Verify(sample);
                    var label = rep == 0 ? "warm-up" : "rep " + rep;
                    var value = rep == 0 ? (double?)null : contender.Record(sample, output);
                    var metric = value is double v && contender.Metric != null
                        ? string.Format(CultureInfo.InvariantCulture, "  {0} {1:F3} s", contender.MetricName, v) : "";
                    Console.Error.WriteLine(FormattableString.Invariant(
                        $"  {label,-7} {contender.Name,-40} {sample.WallSeconds,7:F2} s  cpu {sample.CpuSeconds,6:F2} s  rss {sample.PeakRssKb / 1024,4} MB{metric}  {output}"));
                }
            }
        }
    }
}
