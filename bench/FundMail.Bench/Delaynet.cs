using System;
using System.Collections.Generic;
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
            var (code, stdout, stderr) = await ExecAsync("status", "--name", Name);
            return (code == 0, stdout + stderr);
        }

        /// <summary>What `delaynet exec` itself adds to a process's wall time (median of 3 runs of /bin/true).</summary>
        public async Task<double> ExecOverheadAsync()
        {
            var times = new List<double>();
            for (var i = 0; i < 3; i++)
                times.Add((await TimedProcess.RunAsync(Contender.Start("/bin/true"), 0, 0, this)).WallSeconds);
            return Contender.Median(times);
        }

        public async ValueTask DisposeAsync()
        {
            await RunAsync("down", "--name", Name);
        }

        private static Task RunAsync(params string[] args) => Processes.RunAsync(Tool, args);

        private static Task<(int Code, string Stdout, string Stderr)> ExecAsync(params string[] args) => Processes.ExecAsync(Contender.Start(Tool, args));
    }
}
