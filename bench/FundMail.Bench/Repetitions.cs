using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace FundMail.Bench
{
    /// <summary>
    /// Runs every contender once per repetition against the same servers, rotating the order each repetition so no
    /// tool always runs first or last. One unrecorded warm-up round comes first: the first reader of freshly delivered
    /// mail otherwise pays for the server building its indexes and for the page cache filling.
    /// </summary>
    internal static class Repetitions
    {
        public static async Task RunAsync(IReadOnlyList<Contender> contenders, int reps)
        {
            for (var rep = 0; rep <= reps; rep++)
            {
                for (var i = 0; i < contenders.Count; i++)
                {
                    var contender = contenders[(i + Math.Max(rep, 1) - 1) % contenders.Count];
                    contender.Reset();
                    var sample = await TimedProcess.RunAsync(contender.Command(), rep, i + 1);
                    var output = contender.Verify();
                    var label = rep == 0 ? "warm-up" : "rep " + rep;
                    Console.Error.WriteLine($"  {label,-7} {contender.Name,-18} {sample.WallSeconds,7:F2} s  cpu {sample.CpuSeconds,6:F2} s  rss {sample.PeakRssKb / 1024,4} MB  {output}");
                    if (rep == 0)
                        continue;
                    contender.Samples.Add(sample);
                    contender.Outputs.Add(output);
                }
            }
            foreach (var contender in contenders)
                contender.Reset();
        }
    }
}
