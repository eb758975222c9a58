using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FundMail.Bench.Cycle;
using FundMail.Bench.Fetch;
using FundMail.Bench.Memory;
using FundMail.Bench.Startup;
using FundMail.Bench.Upload;

namespace FundMail.Bench
{
    /// <summary>
    /// Benchmarks against peer tools. Scenario commands (run by bench/run) share one set of servers and one delayed link,
    /// prepare data and time every contender as a separate process; the "ours-*" commands are those processes for
    /// FundMail's own side.
    /// </summary>
    internal static class Program
    {
        private const string Usage =
            "usage: bench/run [all | SCENARIO...] [--quick] [--reps N] [--mails N] [--files N] [--big-mb N] [--attachment-mb N] [--rtt MS] [--seed N]\n" +
            "       scenarios: ingest (T1; alias fetch), upload (T2), cycle (T3, T4), memory (T5), startup (T6)";

        /// <summary>Scenario name → what it runs, in the order `all` runs them.</summary>
        private static readonly (string Name, Func<BenchRun, Task> Run)[] Scenarios =
        {
            (FetchScenario.Name, FetchScenario.RunAsync),
            (UploadScenario.Name, UploadScenario.RunAsync),
            (CycleScenario.Name, CycleScenario.RunAsync),
            (BigAttachmentScenario.Name, BigAttachmentScenario.RunAsync),
            (StartupScenario.Name, StartupScenario.RunAsync),
        };

        private static async Task<int> Main(string[] args)
        {
            try
            {
                switch (args.FirstOrDefault())
                {
                    case OursFetch.FetchCommand:
                    case OursFetch.IngestCommand:
                        return await OursFetch.RunAsync(args[0], ChildArguments.Parse(args[1..]));
                    case OursUpload.Command:
                        return await OursUpload.RunAsync(args[1..]);
                }
                var names = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => a == "fetch" ? FetchScenario.Name : a).ToList();
                var options = BenchOptions.Parse(args.Skip(names.Count).ToList());
                return await RunAsync(Selected(names), options);
            }
            catch (OperationCanceledException) when (Interrupt.Token.IsCancellationRequested)
            {
                Console.Error.WriteLine("bench: interrupted; servers stopped, delayed link down");
                return 130;
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine("bench: " + e.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }

        private static IReadOnlyList<(string Name, Func<BenchRun, Task> Run)> Selected(IReadOnlyList<string> names)
        {
            if (names.Count == 0 || names.Contains("all"))
                return Scenarios;
            foreach (var name in names.Where(n => Scenarios.All(s => s.Name != n)))
                throw new UsageException("unknown scenario '" + name + "'");
            return Scenarios.Where(s => names.Contains(s.Name)).ToList();
        }

        private static async Task<int> RunAsync(IReadOnlyList<(string Name, Func<BenchRun, Task> Run)> scenarios, BenchOptions options)
        {
            Interrupt.Install();
            var started = DateTime.UtcNow;
            await using var run = await BenchRun.StartAsync(options);
            foreach (var scenario in scenarios)
            {
                Console.Error.WriteLine($"== {scenario.Name} ({DateTime.UtcNow:HH:mm:ss} UTC)");
                try
                {
                    await scenario.Run(run);
                }
                catch (Exception e) when (e is InvalidOperationException || e is TimeoutException || e is System.IO.IOException)
                {
                    // One broken scenario (a contender that failed its check, say) must not cost the others' results.
                    run.Warnings.Add(scenario.Name + " failed: " + e.Message);
                    Console.Error.WriteLine("FAILED " + scenario.Name + ": " + e);
                }
            }
            var json = ResultsJson.Write(run, started);
            Summary.Print(run, json);
            return run.Warnings.Count == 0 ? 0 : 1;
        }
    }
}
