using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace FundMail.Bench
{
    /// <summary>
    /// One tool doing a scenario's job: how to start it, how to give it a clean slate before each repetition,
    /// and how to check afterwards that it really did the job (a fast wrong answer is no result).
    /// </summary>
    internal sealed class Contender
    {
        public Contender(string name, Func<ProcessStartInfo> command, Func<Task> reset, Func<Sample, string> verify)
        {
            Name = name;
            Command = command;
            Reset = reset;
            Verify = verify;
        }

        public Contender(string name, Func<ProcessStartInfo> command, Action reset, Func<string> verify)
            : this(name, command, () => { reset(); return Task.CompletedTask; }, _ => verify())
        {
        }

        public string Name { get; }
        public Func<ProcessStartInfo> Command { get; }
        public Func<Task> Reset { get; }

        /// <summary>Throws when the output is incomplete; otherwise describes it (e.g. "2000 files, 379.0 MB").</summary>
        public Func<Sample, string> Verify { get; }

        /// <summary>FundMail's own process: its peak RSS counts against the memory target.</summary>
        public bool Ours { get; init; }

        /// <summary>The delaynet namespace the process runs in (a delayed link); null runs it on plain loopback.</summary>
        public Delaynet? Network { get; init; }

        /// <summary>Measured in the first repetition only: a peer too slow to repeat (the report says so).</summary>
        public bool Once { get; init; }

        /// <summary>What is compared, when not the process's wall time (e.g. the IMAP leg out of a cycle's own timings).</summary>
        public Func<Sample, double>? Metric { get; init; }

        public string MetricName { get; init; } = "wall";

        public List<Sample> Samples { get; } = new List<Sample>();
        public List<string> Outputs { get; } = new List<string>();
        public List<double> Values { get; } = new List<double>();

        public double MedianWall => Median(Samples.Select(s => s.WallSeconds));
        public double MedianCpu => Median(Samples.Select(s => s.CpuSeconds));
        public double MedianValue => Median(Values);
        public long PeakRssKb => Samples.Count == 0 ? 0 : Samples.Max(s => s.PeakRssKb);

        /// <summary>Records one measured run: the compared value is taken now, while what it reads (e.g. a listener's clock) is fresh.</summary>
        public double Record(Sample sample, string output)
        {
            var value = Metric?.Invoke(sample) ?? sample.WallSeconds;
            Samples.Add(sample);
            Outputs.Add(output);
            Values.Add(value);
            return value;
        }

        public static ProcessStartInfo Start(string file, params string[] args)
        {
            var info = new ProcessStartInfo(file) { UseShellExecute = false };
            foreach (var arg in args)
                info.ArgumentList.Add(arg);
            return info;
        }

        public static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            if (sorted.Length == 0)
                return double.NaN;
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }
}
