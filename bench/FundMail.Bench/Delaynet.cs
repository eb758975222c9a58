using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace FundMail.Bench
{
    /// <summary>
    /// A delaynet namespace (/work/shared/tools/delaynet): a fixed round-trip time between the processes started in it
    /// and the servers' 127.0.0.1 ports. Contenders with <see cref="Contender.Network"/> set run inside it.
    /// </summary>
    internal sealed class Delaynet : IAsyncDisposable
    {
        /// <summary>The tool; FUNDMAIL_BENCH_DELAYNET overrides where it lives.</summary>
        public static string Tool => Environment.GetEnvironmentVariable("FUNDMAIL_BENCH_DELAYNET") ?? "/work/shared/tools/delaynet/delaynet";

        private Delaynet(string name, double rttMs)
        {
            Name = name;
            RttMs = rttMs;
        }

        public string Name { get; }
        public double RttMs { get; }

        /// <summary>e.g. "30 ms": the suffix of every delayed contender's name.</summary>
        public string Label => RttMs.ToString("0.#", CultureInfo.InvariantCulture) + " ms";

        /// <summary>
        /// Brings the namespace up for these server ports. The name comes from bench/run (FUNDMAIL_BENCH_NET), whose exit
        /// trap takes it down even when this process is killed.
        /// </summary>
        public static async Task<Delaynet> UpAsync(double rttMs, IEnumerable<int> ports)
        {
            var name = Environment.GetEnvironmentVariable("FUNDMAIL_BENCH_NET") ?? "fmbench";
            var net = new Delaynet(name, rttMs);
            await RunAsync("up", "--name", name, "--rtt", rttMs.ToString(CultureInfo.InvariantCulture),
                "--ports", string.Join(",", ports.Select(p => p.ToString(CultureInfo.InvariantCulture))));
            return net;
        }

        /// <summary>`delaynet status`: exits 1 when packets passed undelayed (an overloaded emulator), which voids a run.</summary>
        public async Task<(bool Healthy, string Text)> StatusAsync()
        {
            var (code, output) = await ExecAsync("status", "--name", Name);
            return (code == 0, output);
        }

        public async ValueTask DisposeAsync()
        {
            await RunAsync("down", "--name", Name);
        }

        private static async Task RunAsync(params string[] args)
        {
            var (code, output) = await ExecAsync(args);
            if (code != 0)
                throw new InvalidOperationException("delaynet " + string.Join(" ", args) + " failed (exit " + code + "): " + output.Trim());
        }

        private static async Task<(int Code, string Output)> ExecAsync(params string[] args)
        {
            var info = Contender.Start(Tool, args);
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + Tool);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
