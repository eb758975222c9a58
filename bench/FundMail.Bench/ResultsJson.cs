using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FundMail.Bench
{
    /// <summary>Writes a run as JSON under bench/results/ (FUNDMAIL_BENCH_RESULTS): the summary's numbers and every sample behind them.</summary>
    internal static class ResultsJson
    {
        /// <summary>Writes results/run-{utc time}.json and returns its path.</summary>
        public static string Write(BenchRun run, DateTime started)
        {
            var directory = Environment.GetEnvironmentVariable("FUNDMAIL_BENCH_RESULTS") ?? "results";
            Directory.CreateDirectory(directory);
            var document = new Dictionary<string, object>
            {
                ["utcStarted"] = started.ToString("o", CultureInfo.InvariantCulture),
                ["utcFinished"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
                ["machine"] = new Dictionary<string, object>
                {
                    ["os"] = RuntimeInformation.OSDescription,
                    ["cores"] = Environment.ProcessorCount,
                    ["runtime"] = RuntimeInformation.FrameworkDescription,
                    ["loadAverageAtStart"] = run.LoadAtStart,
                    ["loadAverageAtEnd"] = BenchRun.LoadAverage(),
                },
                ["parameters"] = run.Options.Describe(),
                ["targets"] = run.Targets.Select(t => new Dictionary<string, object?>
                {
                    ["id"] = t.Id,
                    ["label"] = t.Label,
                    ["ours"] = t.Ours.Name,
                    ["oursSeconds"] = Round(t.Ours.MedianValue),
                    ["oursMeasure"] = t.Ours.MetricName,
                    ["peer"] = t.Peer.Name,
                    ["peerSeconds"] = Round(t.Peer.MedianValue),
                    ["peerMeasure"] = t.Peer.MetricName,
                    ["ratio"] = Round(t.Ratio),
                    ["maxRatio"] = t.MaxRatio,
                    ["oursPeakRssKb"] = t.Ours.PeakRssKb,
                    ["result"] = Summary.Verdict(t.Pass),
                    ["note"] = t.Note,
                }).ToArray(),
                ["memory"] = Summary.Memory(run).Select(m => new Dictionary<string, object>
                {
                    ["id"] = "T5",
                    ["scenario"] = m.Scenario,
                    ["contender"] = m.Contender.Name,
                    ["peakRssKb"] = m.Contender.PeakRssKb,
                    ["limitKb"] = Summary.RssLimitMb * 1024,
                    ["result"] = Summary.Verdict(m.Pass),
                }).ToArray(),
                ["findings"] = run.Findings.Select(f => new Dictionary<string, object>
                {
                    ["id"] = f.Id,
                    ["label"] = f.Label,
                    ["text"] = f.Text,
                    ["values"] = f.Values,
                }).ToArray(),
                ["warnings"] = run.Warnings,
                ["scenarios"] = run.Scenarios.Select(Scenario).ToArray(),
            };
            var path = Path.GetFullPath(Path.Combine(directory, "run-" + started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".json"));
            File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            return path;
        }

        private static Dictionary<string, object> Scenario(ScenarioResult scenario) => new Dictionary<string, object>
        {
            ["name"] = scenario.Name,
            ["title"] = scenario.Title,
            ["parameters"] = scenario.Parameters,
            ["contenders"] = scenario.Contenders.Select(c => new Dictionary<string, object>
            {
                ["name"] = c.Name,
                ["ours"] = c.Ours,
                ["network"] = c.Network?.Label ?? "loopback",
                ["once"] = c.Once,
                ["measure"] = c.MetricName,
                ["medianSeconds"] = Round(c.MedianValue),
                ["medianWallSeconds"] = Round(c.MedianWall),
                ["medianCpuSeconds"] = Round(c.MedianCpu),
                ["peakRssKb"] = c.PeakRssKb,
                ["samples"] = c.Samples.Select((s, i) => new Dictionary<string, object>
                {
                    ["rep"] = s.Rep,
                    ["order"] = s.Order,
                    ["seconds"] = Round(c.Values[i]),
                    ["wallSeconds"] = Round(s.WallSeconds),
                    ["userSeconds"] = s.UserSeconds,
                    ["systemSeconds"] = s.SystemSeconds,
                    ["peakRssKb"] = s.PeakRssKb,
                    ["verified"] = c.Outputs[i],
                    ["reported"] = Reported(s.Output),
                }).ToArray(),
            }).ToArray(),
        };

        /// <summary>
        /// A contender's own JSON (our processes print some) kept as JSON, with long lists (a cycle's uploaded files)
        /// shortened to their length; other output as text.
        /// </summary>
        private static object Reported(string output)
        {
            if (output.StartsWith("{", StringComparison.Ordinal))
            {
                try
                {
                    var root = JsonNode.Parse(output)!.AsObject();
                    foreach (var (name, value) in root.ToList())
                        if (value is JsonArray list && list.Count > 20)
                            root[name] = new JsonObject { ["count"] = list.Count };
                    return root;
                }
                catch (Exception e) when (e is JsonException || e is InvalidOperationException)
                {
                    // Not one JSON object after all: kept as text.
                }
            }
            return output;
        }

        /// <summary>NaN (nothing measured) is not valid JSON: -1 stands for it.</summary>
        private static double Round(double value) => double.IsNaN(value) ? -1 : Math.Round(value, 3);
    }
}
