using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.TestServers.Sshd;
using FundMail.Util;

namespace FundMail.Bench.Sftp
{
    /// <summary>
    /// Uploads one file of the given size (MB) to a loopback sshd with FundMail's uploader and with OpenSSH's sftp
    /// (via sshpass), alternating, and prints the median wall time, the CPU seconds of each client and of sshd, and the
    /// ratio ours/OpenSSH (issue 7 target: ≤ 0.8). Default: both sides with their default algorithms, as a user runs them.
    /// --ciphers: the same per cipher, forced on the server. --ours: FundMail only (for profiling).
    /// Ours includes the SHA-256 it computes while streaming; sshd writes both files to the same disk.
    /// </summary>
    internal static class Program
    {
        private const int Runs = 3;

        private static async Task<int> Main(string[] args)
        {
            var megabytes = args.Where(a => !a.StartsWith("--")).Select(int.Parse).DefaultIfEmpty(1024).First();
            var local = Path.Combine(Path.GetTempPath(), "fundmail-bench-" + Guid.NewGuid().ToString("N") + ".bin");
            WriteFile(local, megabytes);
            try
            {
                Console.WriteLine($"{megabytes} MB, median of {Runs}; CPU = user+sys seconds");
                Console.WriteLine($"{"server ciphers",-30} {"tool",-9} {"wall s",7} {"MB/s",6} {"client CPU",10} {"sshd CPU",8} {"negotiated",-24}");
                var ciphers = args.Contains("--ciphers")
                    ? new[] { "aes256-gcm@openssh.com", "aes128-gcm@openssh.com", "chacha20-poly1305@openssh.com", "aes256-ctr" }
                    : new string?[] { null };
                foreach (var cipher in ciphers)
                {
                    await using var server = await SshdServer.StartAsync(new SshdOptions { Ciphers = cipher, MACs = cipher == null ? null : "hmac-sha2-256-etm@openssh.com" });
                    var ours = new List<Run>();
                    var theirs = new List<Run>();
                    for (var i = 0; i < Runs; i++)
                    {
                        await FreshStartAsync(server);
                        ours.Add(await OursAsync(server, local));
                        if (args.Contains("--ours")) continue;
                        await FreshStartAsync(server);
                        theirs.Add(await OpenSshAsync(server, local));
                    }
                    var name = cipher ?? "(defaults)";
                    Print(name, "FundMail", ours, megabytes);
                    if (theirs.Count == 0) continue;
                    Print(name, "OpenSSH", theirs, megabytes);
                    var ratio = Median(ours, r => r.Wall) / Median(theirs, r => r.Wall);
                    Console.WriteLine($"{"",-30} ratio ours/OpenSSH wall {ratio:F2} (target ≤ 0.80: {(ratio <= 0.8 ? "pass" : "FAIL")}), " +
                                      $"client CPU {Median(ours, r => r.ClientCpu) / Median(theirs, r => r.ClientCpu):F2}");
                }
            }
            finally
            {
                File.Delete(local);
            }
            return 0;
        }

        /// <summary>
        /// Each tool starts with no earlier upload on the server and nothing dirty. Writing over the old file frees its
        /// pages at a different moment for each tool (OpenSSH's put truncates at open, ours renames at the end), and on
        /// this VM recycled page-cache pages are far cheaper to write than fresh ones (see bench/README.md).
        /// </summary>
        private static async Task FreshStartAsync(SshdServer server)
        {
            foreach (var name in new[] { "ours.bin", "theirs.bin" })
                File.Delete(Path.Combine(server.UploadRoot, name));
            await SshdServer.RunAsync("sync", "");
        }

        private sealed class Run
        {
            public double Wall;
            public double ClientCpu;
            public double ServerCpu;
            public string Negotiated = "";
        }

        private static void Print(string cipher, string tool, List<Run> runs, int megabytes)
        {
            var wall = Median(runs, r => r.Wall);
            Console.WriteLine($"{cipher,-30} {tool,-9} {wall,7:F2} {megabytes / wall,6:F0} {Median(runs, r => r.ClientCpu),10:F2} " +
                              $"{Median(runs, r => r.ServerCpu),8:F2} {runs[0].Negotiated,-24}");
        }

        private static double Median(List<Run> runs, Func<Run, double> value) => runs.Select(value).OrderBy(v => v).ElementAt(runs.Count / 2);

        private static async Task<Run> OursAsync(SshdServer server, string local)
        {
            var options = new SftpConnectOptions
            {
                Host = server.Host, Port = server.Port, User = SshdServer.User, Password = new Secret(SshdServer.Password),
                HostKeyFingerprints = new[] { await server.FingerprintAsync("ed25519") },
            };
            var serverCpu = new SshdCpu(server);
            var switches = ContextSwitches();
            var workItems = ThreadPool.CompletedWorkItemCount;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            string negotiated;
            using (var session = await SftpClient.ConnectAsync(options, CancellationToken.None))
            {
                negotiated = session.Connection.CipherClientToServer;
                await new SftpUploader(session).UploadAsync(local, "ours.bin", CancellationToken.None);
            }
            var run = new Run
            {
                Wall = clock.Elapsed.TotalSeconds,
                Negotiated = negotiated,
            };
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            run.ServerCpu = await serverCpu.StopAsync();
            run.ClientCpu = used.TotalSeconds - serverCpu.OwnCpu;
            Console.Error.WriteLine($"  FundMail: {run.Wall:F2} s wall, {run.ClientCpu:F2} s CPU, sshd {run.ServerCpu:F2} s CPU ({negotiated}), " +
                                    $"{ContextSwitches() - switches} context switches, {ThreadPool.CompletedWorkItemCount - workItems} thread-pool work items");
            return run;
        }

        /// <summary>Voluntary and forced context switches of this process's live threads: each thread-pool hop costs some.</summary>
        private static long ContextSwitches()
        {
            long total = 0;
            foreach (var task in Directory.GetDirectories("/proc/self/task"))
            {
                try
                {
                    foreach (var line in File.ReadAllLines(Path.Combine(task, "status")))
                        if (line.Contains("ctxt_switches:")) total += long.Parse(line.Substring(line.IndexOf(':') + 1).Trim());
                }
                catch (IOException)
                {
                    // A thread that ended while we looked.
                }
            }
            return total;
        }

        private static async Task<Run> OpenSshAsync(SshdServer server, string local)
        {
            var knownHosts = Path.Combine(server.Directory, "known_hosts");
            File.WriteAllText(knownHosts, "[127.0.0.1]:" + server.Port + " " + server.PublicKeyLine("ed25519") + "\n");
            var batch = Path.Combine(server.Directory, "batch");
            File.WriteAllText(batch, "put " + local + " theirs.bin\n");
            var times = Path.Combine(server.Directory, "times");
            var serverCpu = new SshdCpu(server);
            var clock = Stopwatch.StartNew();
            // /usr/bin/time counts sftp and its ssh child; sshd's log names the negotiated cipher.
            await SshdServer.RunAsync("/usr/bin/time", "-f \"%U %S\" -o " + times + " sshpass -p " + SshdServer.Password +
                " sftp -o BatchMode=no -b " + batch + " -o UserKnownHostsFile=" + knownHosts + " -o HostKeyAlgorithms=ssh-ed25519" +
                " -o PubkeyAuthentication=no -P " + server.Port + " " + SshdServer.User + "@127.0.0.1");
            var wall = clock.Elapsed.TotalSeconds;
            var cpu = File.ReadAllText(times).Trim().Split('\n').Last().Split(' ').Sum(v => double.Parse(v, CultureInfo.InvariantCulture));
            var run = new Run { Wall = wall, ClientCpu = cpu, ServerCpu = await serverCpu.StopAsync(), Negotiated = NegotiatedByOpenSsh(server) };
            Console.Error.WriteLine($"  OpenSSH:  {run.Wall:F2} s wall, {run.ClientCpu:F2} s CPU, sshd {run.ServerCpu:F2} s CPU ({run.Negotiated})");
            return run;
        }

        /// <summary>The cipher sshd logged for the latest connection (the test sshd logs at DEBUG1).</summary>
        private static string NegotiatedByOpenSsh(SshdServer server)
        {
            var line = server.Log().Split('\n').LastOrDefault(l => l.Contains("kex: client->server cipher:"));
            return line == null ? "?" : line.Substring(line.IndexOf("cipher:", StringComparison.Ordinal) + 8).Split(' ')[0];
        }

        /// <summary>
        /// Samples the CPU seconds (user+sys) of every process below this server's sshd while an upload runs; the
        /// session processes re-title themselves, so they are found by parentage. The total loses at most one interval.
        /// </summary>
        private sealed class SshdCpu
        {
            private readonly Dictionary<int, double> _seen = new Dictionary<int, double>();
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            private readonly Thread _thread;
            private double _ownCpu;

            public SshdCpu(SshdServer server)
            {
                var master = Processes().First(p => Read(p.Pid, "cmdline").Contains(server.Directory) && Read(p.Pid, "cmdline").Contains("-D")).Pid;
                // Its own thread, whose CPU time it reports, so the client's CPU can leave the sampling out.
                _thread = new Thread(() =>
                {
                    // A full /proc walk twice a second finds new session processes; the known ones are read ten times a second.
                    for (var tick = 0; !_stop.IsCancellationRequested; tick++)
                    {
                        if (tick % 5 == 0) Scan(master);
                        else foreach (var pid in _seen.Keys.ToList()) Sample(pid);
                        _stop.Token.WaitHandle.WaitOne(100);
                    }
                    Scan(master);
                    _ownCpu = Cpu(File.ReadAllText("/proc/thread-self/stat"));
                }) { IsBackground = true };
                _thread.Start();
            }

            private void Scan(int master)
            {
                var all = Processes().ToList();
                var below = new HashSet<int> { master };
                for (var grew = true; grew;)
                {
                    grew = false;
                    foreach (var p in all)
                        if (below.Contains(p.Parent) && below.Add(p.Pid)) grew = true;
                }
                foreach (var p in all)
                    if (p.Pid != master && below.Contains(p.Pid)) _seen[p.Pid] = p.Cpu;
            }

            private void Sample(int pid)
            {
                var stat = Read(pid, "stat");
                if (stat.Length > 0) _seen[pid] = Cpu(stat);
            }

            /// <summary>The sampling thread's own CPU seconds, known after StopAsync.</summary>
            public double OwnCpu => _ownCpu;

            public async Task<double> StopAsync()
            {
                _stop.Cancel();
                await Task.Run(() => _thread.Join());
                return _seen.Values.Sum();
            }

            private static IEnumerable<(int Pid, int Parent, double Cpu)> Processes()
            {
                foreach (var dir in Directory.GetDirectories("/proc"))
                {
                    if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                    var stat = Read(pid, "stat");
                    if (stat.Length == 0) continue;
                    yield return (pid, int.Parse(Fields(stat)[1]), Cpu(stat));
                }
            }

            // After "pid (comm) ": state, ppid, ..., utime and stime are the 12th and 13th fields.
            private static string[] Fields(string stat) => stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');

            private static double Cpu(string stat) => (long.Parse(Fields(stat)[11]) + long.Parse(Fields(stat)[12])) / 100.0;

            private static string Read(int pid, string file)
            {
                try
                {
                    return File.ReadAllText("/proc/" + pid + "/" + file);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    return "";
                }
            }
        }

        private static void WriteFile(string path, int megabytes)
        {
            var random = new Random(42);
            var block = new byte[1 << 20];
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                for (var i = 0; i < megabytes; i++)
                {
                    random.NextBytes(block);
                    file.Write(block, 0, block.Length);
                }
        }
    }
}
