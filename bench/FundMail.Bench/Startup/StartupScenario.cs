using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading.Tasks;
using FundMail.Bench.Cycle;

namespace FundMail.Bench.Startup
{
    /// <summary>
    /// T6 startup, reported without a target. The console host: `fundmail cycle` started as a new process until its
    /// first byte reaches the IMAP port (a listener in front of Dovecot timestamps it, then relays, so the run
    /// completes; the folder is empty, so nothing else happens). The module: the built module folder imported by the
    /// module tests' FakeHost the way PowerShell 7 does, then the engine's first use (config read), timed in-process.
    /// </summary>
    internal static class StartupScenario
    {
        public const string Name = "startup";
        private const string Folder = "Empty";

        public static async Task RunAsync(BenchRun run)
        {
            var root = run.Folder("startup");
            await run.Servers.Dovecot.Mailbox.CreateFolderAsync(Folder);
            using var listener = new FirstByteListener(run.Servers.Dovecot.ImapsPort);
            var cycle = await HostCycle.CreateAsync(run.Servers, Path.Combine(root, "cycle"), Folder);
            var json = await HostCycle.SupportsJsonAsync();
            var firstByte = new Contender("fundmail cycle, start → first IMAP byte", () =>
                {
                    var command = cycle.Command(json);
                    command.Environment["IMAP_PORT"] = listener.Port.ToString();
                    return command;
                }, () => { listener.Reset(); return Task.CompletedTask; }, sample => cycle.Verify(sample, 0).ToString())
            {
                Ours = true,
                Metric = sample => listener.SecondsSince(sample.StartTimestamp),
                MetricName = "to first IMAP byte",
            };

            Console.Error.WriteLine("building the module folder and the FakeHost for the import probe ...");
            var module = Path.Combine(root, "module", "FundMail");
            await Processes.RunAsync(Path.Combine(BenchPaths.RepositoryRoot, "scripts", "build-module"), module);
            var fakeHost = Path.Combine(BenchPaths.RepositoryRoot, "tests", "FundMail.Tests", "Module", "FakeHost");
            await Processes.RunAsync("dotnet", "build", Path.Combine(fakeHost, "FundMail.FakeHost.csproj"), "-v", "q", "--nologo");
            var import = new Contender("module import + config read (FakeHost)", () =>
                {
                    var command = Contender.Start("dotnet", Path.Combine(fakeHost, "bin", "host", "FundMail.FakeHost.dll"), module, "reimport");
                    command.Environment["DOTNET_STARTUP_HOOKS"] = Assembly.GetExecutingAssembly().Location;
                    command.Environment[ImportProbe.ModuleVariable] = module;
                    command.Environment[ImportProbe.EnvVariable] = cycle.EnvFile;
                    return command;
                }, () => Task.CompletedTask, sample => Probe(sample.Output).Describe())
            {
                Metric = sample => Probe(sample.Output).ImportSeconds,
                MetricName = "import",
            };

            // No warm-up: the first repetition is the coldest start this machine gives (its files are in the page cache).
            var rows = new[] { firstByte, import };
            await Repetitions.RunAsync(rows, run.Options.Reps, warmUp: false);
            run.Add(new ScenarioResult("startup", "T6 startup: console host to first IMAP byte, module import and config read", rows,
                new Dictionary<string, object> { ["hostJson"] = json }));

            run.Findings.Add(new Finding("T6", "console host, process start → first IMAP byte",
                $"{Milliseconds(firstByte.MedianValue)} (whole idle cycle {Milliseconds(firstByte.MedianWall)}, peak RSS {firstByte.PeakRssKb / 1024} MB)",
                new Dictionary<string, object> { ["firstByteSeconds"] = firstByte.MedianValue, ["wallSeconds"] = firstByte.MedianWall }));
            var probes = import.Samples.Select(s => Probe(s.Output)).ToList();
            var last = probes[^1];
            run.Findings.Add(new Finding("T6", "module import (FakeHost, like PowerShell 7), then the engine's config read",
                $"import {Milliseconds(Contender.Median(probes.Select(p => p.ImportSeconds)))}, {last.LoadedByImport.Length} assemblies; " +
                $"config read {Milliseconds(Contender.Median(probes.Select(p => p.ConfigReadSeconds)))}, {last.LoadedByConfigRead.Length} more; " +
                $"{last.ModuleContextAssemblies} in the module's load context; runtime start {Milliseconds(Contender.Median(probes.Select(p => p.RuntimeStartSeconds)))}",
                new Dictionary<string, object>
                {
                    ["importSeconds"] = Contender.Median(probes.Select(p => p.ImportSeconds)),
                    ["configReadSeconds"] = Contender.Median(probes.Select(p => p.ConfigReadSeconds)),
                    ["runtimeStartSeconds"] = Contender.Median(probes.Select(p => p.RuntimeStartSeconds)),
                    ["assembliesLoadedByImport"] = last.LoadedByImport,
                    ["assembliesLoadedByConfigRead"] = last.LoadedByConfigRead,
                    ["moduleContextAssemblies"] = last.ModuleContextAssemblies,
                }));
        }

        private static string Milliseconds(double seconds) => Math.Round(seconds * 1000) + " ms";

        private static ProbeResult Probe(string output)
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            string[] Names(string property) => root.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToArray();
            return new ProbeResult(root.GetProperty("runtimeStartSeconds").GetDouble(), root.GetProperty("importSeconds").GetDouble(),
                root.GetProperty("configReadSeconds").GetDouble(), Names("assembliesLoadedByImport"), Names("assembliesLoadedByConfigRead"),
                root.GetProperty("moduleContextAssemblies").GetInt32());
        }

        private sealed record ProbeResult(double RuntimeStartSeconds, double ImportSeconds, double ConfigReadSeconds,
            string[] LoadedByImport, string[] LoadedByConfigRead, int ModuleContextAssemblies)
        {
            public string Describe()
            {
                if (LoadedByImport.Length == 0 || !LoadedByImport.Concat(LoadedByConfigRead).Any(a => a.EndsWith(":FundMail.Engine", StringComparison.Ordinal)))
                    throw new InvalidOperationException("the import probe saw no FundMail.Engine loaded");
                return $"import {ImportSeconds:F3} s ({LoadedByImport.Length} assemblies), config read {ConfigReadSeconds:F3} s ({LoadedByConfigRead.Length})";
            }
        }
    }
}
