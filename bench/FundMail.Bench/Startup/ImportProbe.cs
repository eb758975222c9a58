using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

namespace FundMail.Bench.Startup
{
    /// <summary>
    /// The engine side's import cost, measured inside the module tests' FakeHost (a .NET host that imports the built
    /// module folder the way PowerShell 7 does): its own Import (the module's assembly, OnImport, the cmdlets), then the
    /// engine's first use (loading it, reading the .env into CycleSettings). Prints one JSON line and ends the process.
    /// Only System types here: this runs as a startup hook, before the FakeHost's Main, without this program's references.
    /// </summary>
    internal static class ImportProbe
    {
        public const string ModuleVariable = "FUNDMAIL_BENCH_IMPORT_MODULE";
        public const string EnvVariable = "FUNDMAIL_BENCH_IMPORT_ENV";

        public static void Run()
        {
            var runtime = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
            var moduleDir = Environment.GetEnvironmentVariable(ModuleVariable)!;
            var envFile = Environment.GetEnvironmentVariable(EnvVariable) ?? throw new InvalidOperationException(EnvVariable + " is not set");
            var host = Assembly.GetEntryAssembly()?.GetType("FundMail.FakeHost.Program")
                ?? throw new InvalidOperationException("the import probe runs in the FakeHost only");
            MethodInfo Private(string name) => host.GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new InvalidOperationException("the FakeHost has no " + name + " method");

            var before = Loaded();
            var clock = Stopwatch.StartNew();
            var cmdlets = (Assembly)Private("Import").Invoke(null, new object[] { moduleDir })!;
            var importSeconds = clock.Elapsed.TotalSeconds;
            var afterImport = Loaded();

            clock.Restart();
            var engine = (Assembly)Private("Engine").Invoke(null, new object[] { cmdlets })!;
            var source = engine.GetType("FundMail.Config.ConfigSource", throwOnError: true)!
                .GetMethod("Load", new[] { typeof(string), typeof(string) })!.Invoke(null, new object?[] { envFile, null });
            engine.GetType("FundMail.Config.CycleSettings", throwOnError: true)!.GetMethod("Read")!.Invoke(null, new[] { source });
            var configSeconds = clock.Elapsed.TotalSeconds;
            var afterConfig = Loaded();

            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["runtimeStartSeconds"] = Math.Round(runtime, 4),
                ["importSeconds"] = Math.Round(importSeconds, 4),
                ["configReadSeconds"] = Math.Round(configSeconds, 4),
                ["assembliesBefore"] = before.Count,
                ["assembliesLoadedByImport"] = afterImport.Except(before).ToArray(),
                ["assembliesLoadedByConfigRead"] = afterConfig.Except(afterImport).ToArray(),
                ["moduleContextAssemblies"] = AssemblyLoadContext.GetLoadContext(engine)!.Assemblies.Count(),
            }));
            Console.Out.Flush();
            Environment.Exit(0);
        }

        /// <summary>Every assembly in every load context, as "context:name".</summary>
        private static List<string> Loaded() =>
            AppDomain.CurrentDomain.GetAssemblies().Select(a => (AssemblyLoadContext.GetLoadContext(a)?.Name ?? "?") + ":" + a.GetName().Name).ToList();
    }
}
