using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace FundMail.Bench
{
    /// <summary>Prints a scenario's table and headline ratios and writes the same numbers as JSON under bench/results/.</summary>
    internal static class Report
    {
        public static void Print(string title, IReadOnlyList<Contender> contenders, IReadOnlyList<Comparison> comparisons)
        {
            var reps = contenders.Max(c => c.Samples.Count);
            var text = new StringBuilder();
            text.AppendLine().AppendLine(title);
            text.Append($"{"tool",-26}");
            for (var r = 1; r <= reps; r++)
                text.Append($"{"rep " + r,9}");
            text.AppendLine($"{"median",9}{"cpu med",9}{"peak RSS",10}");
            foreach (var c in contenders)
            {
                text.Append($"{c.Name,-26}");
                foreach (var s in c.Samples)
                    text.Append($"{Seconds(s.WallSeconds),9}");
                text.AppendLine($"{Seconds(c.MedianWall),9}{Seconds(c.MedianCpu),9}{c.PeakRssKb / 1024.0,7:F0} MB");
            }
            text.AppendLine();
            foreach (var x in comparisons)
                text.AppendLine(FormattableString.Invariant(
                    $"{x.Label}: fundmail {x.Ours.MedianWall:F2} s, {x.Peer.Name} {x.Peer.MedianWall:F2} s, ratio {x.Ratio:F2}"));
            Console.Write(text.ToString());
        }

        /// <summary>Writes results/{scenario}-{utc time}.json and returns its path.</summary>
        public static string WriteJson(string scenario, IReadOnlyDictionary<string, object> parameters,
            IReadOnlyList<Contender> contenders, IReadOnlyList<Comparison> comparisons)
        {
            var directory = Environment.GetEnvironmentVariable("FUNDMAIL_BENCH_RESULTS") ?? "results";
            Directory.CreateDirectory(directory);
            var now = DateTime.UtcNow;
            var document = new Dictionary<string, object>
            {
                ["scenario"] = scenario,
                ["utc"] = now.ToString("o", CultureInfo.InvariantCulture),
                ["machine"] = new Dictionary<string, object>
                {
                    ["os"] = RuntimeInformation.OSDescription,
                    ["cores"] = Environment.ProcessorCount,
                    ["runtime"] = RuntimeInformation.FrameworkDescription,
                    ["loadAverage"] = LoadAverage(),
                },
                ["parameters"] = parameters,
                ["contenders"] = contenders.Select(c => new Dictionary<string, object>
                {
                    ["name"] = c.Name,
                    ["medianWallSeconds"] = Round(c.MedianWall),
                    ["medianCpuSeconds"] = Round(c.MedianCpu),
                    ["peakRssKb"] = c.PeakRssKb,
                    ["samples"] = c.Samples.Select((s, i) => new Dictionary<string, object>
                    {
                        ["rep"] = s.Rep,
                        ["order"] = s.Order,
                        ["wallSeconds"] = Round(s.WallSeconds),
                        ["userSeconds"] = s.UserSeconds,
                        ["systemSeconds"] = s.SystemSeconds,
                        ["peakRssKb"] = s.PeakRssKb,
                        ["verified"] = c.Outputs[i],
                        ["reported"] = Reported(s.Output),
                    }).ToArray(),
                }).ToArray(),
                ["comparisons"] = comparisons.Select(x => new Dictionary<string, object>
                {
                    ["label"] = x.Label,
                    ["ours"] = x.Ours.Name,
                    ["peer"] = x.Peer.Name,
                    ["ratio"] = Round(x.Ratio),
                }).ToArray(),
            };
            var path = Path.GetFullPath(Path.Combine(directory, scenario + "-" + now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".json"));
            File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            return path;
        }

        /// <summary>A contender's own JSON line (our child processes print one) kept as JSON; other output as text.</summary>
        private static object Reported(string output) =>
            output.StartsWith("{", StringComparison.Ordinal) ? JsonDocument.Parse(output).RootElement.Clone() : output;

        public static string Megabytes(long bytes) => (bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " MB";

        private static string Seconds(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + " s";

        private static double Round(double value) => Math.Round(value, 3);

        // Other work on a shared machine skews timings; recording the load says how much to trust a run.
        private static string LoadAverage() =>
            File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "";
    }
}
