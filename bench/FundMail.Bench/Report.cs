using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FundMail.Bench
{
    /// <summary>Prints one scenario's table: every repetition of every contender, medians, CPU and peak RSS.</summary>
    internal static class Report
    {
        public static void Print(ScenarioResult scenario)
        {
            var contenders = scenario.Contenders;
            var reps = contenders.Max(c => c.Samples.Count);
            var text = new StringBuilder();
            text.AppendLine().AppendLine(scenario.Title);
            text.Append($"{"tool",-42}");
            for (var r = 1; r <= reps; r++)
                text.Append($"{"rep " + r,9}");
            text.AppendLine($"{"median",9}{"cpu med",9}{"peak RSS",10}  compared");
            foreach (var c in contenders)
            {
                text.Append($"{c.Name,-42}");
                for (var r = 0; r < reps; r++)
                    text.Append(r < c.Samples.Count ? $"{Seconds(c.Samples[r].WallSeconds),9}" : $"{"-",9}");
                text.Append($"{Seconds(c.MedianWall),9}{Seconds(c.MedianCpu),9}{c.PeakRssKb / 1024.0,7:F0} MB");
                text.AppendLine(c.Metric == null ? "  wall" : FormattableString.Invariant($"  {c.MetricName} {c.MedianValue:F3} s"));
            }
            Console.Write(text.ToString());
        }

        public static string Megabytes(long bytes) => (bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " MB";

        public static string Seconds(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + " s";
    }
}
