using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace FundMail.Bench
{
    /// <summary>
    /// One tool doing the scenario's job: how to start it, how to give it a clean slate before each repetition,
    /// and how to check afterwards that it really did the job (a fast wrong answer is no result).
    /// </summary>
    internal sealed class Contender
    {
        public Contender(string name, Func<ProcessStartInfo> command, Action reset, Func<string> verify)
        {
            Name = name;
            Command = command;
            Reset = reset;
            Verify = verify;
        }

        public string Name { get; }
        public Func<ProcessStartInfo> Command { get; }
        public Action Reset { get; }

        /// <summary>Throws when the output is incomplete; otherwise describes it (e.g. "2000 files, 379.0 MB").</summary>
        public Func<string> Verify { get; }

        public List<Sample> Samples { get; } = new List<Sample>();
        public List<string> Outputs { get; } = new List<string>();

        public double MedianWall => Median(Samples.Select(s => s.WallSeconds));
        public double MedianCpu => Median(Samples.Select(s => s.CpuSeconds));
        public long PeakRssKb => Samples.Max(s => s.PeakRssKb);

        public static ProcessStartInfo Start(string file, params string[] args)
        {
            var info = new ProcessStartInfo(file) { UseShellExecute = false };
            foreach (var arg in args)
                info.ArgumentList.Add(arg);
            return info;
        }

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    /// <summary>A headline ratio: our contender's median wall time over the peer's (below 1 means we are faster).</summary>
    internal sealed record Comparison(string Label, Contender Ours, Contender Peer)
    {
        public double Ratio => Ours.MedianWall / Peer.MedianWall;
    }
}
