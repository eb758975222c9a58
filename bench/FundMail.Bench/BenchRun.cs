using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using FundMail.Bench.Fetch;
using FundMail.TestServers;

namespace FundMail.Bench
{
    /// <summary>One scenario's contenders and parameters, as measured.</summary>
    internal sealed record ScenarioResult(string Name, string Title, IReadOnlyList<Contender> Contenders, IReadOnlyDictionary<string, object> Parameters);

    /// <summary>
    /// One benchmark run: the real servers (token endpoint, Dovecot, sshd on 127.0.0.1) and the delayed link to them,
    /// started once and shared by every scenario; the data they share, prepared on first use; and what was measured.
    /// Disposing always takes the delayed link down.
    /// </summary>
    internal sealed class BenchRun : IAsyncDisposable
    {
        private readonly Lazy<Task<MailCorpus.Delivered>> _inbox;

        private BenchRun(BenchOptions options, string root, LocalServers servers, Delaynet net)
        {
            Options = options;
            Root = root;
            Servers = servers;
            Net = net;
            _inbox = new Lazy<Task<MailCorpus.Delivered>>(DeliverInboxAsync);
        }

        public BenchOptions Options { get; }

        /// <summary>Scratch folder of this run (data, contenders' outputs), deleted at the end.</summary>
        public string Root { get; }

        public LocalServers Servers { get; }
        public Delaynet Net { get; }
        public string LoadAtStart { get; } = LoadAverage();

        public List<ScenarioResult> Scenarios { get; } = new List<ScenarioResult>();
        public List<Target> Targets { get; } = new List<Target>();
        public List<Finding> Findings { get; } = new List<Finding>();

        /// <summary>Notes about this run's health (e.g. delaynet let packets through undelayed).</summary>
        public List<string> Warnings { get; } = new List<string>();

        public static async Task<BenchRun> StartAsync(BenchOptions options)
        {
            foreach (var tool in new[] { TimedProcess.GnuTime, Delaynet.Tool })
                if (!File.Exists(tool))
                    throw new UsageException(tool + " is missing: run bench/run, which installs what it can");
            var root = Path.Combine(Path.GetTempPath(), "fundmail-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(root);
            LocalServers? servers = null;
            BenchRun? run = null;
            try
            {
                servers = await LocalServers.StartAsync(Path.Combine(root, "servers"), withSftp: true);
                var ports = new[] { servers.Dovecot.ImapsPort, servers.Entra.AuthorityHost.Port, servers.Sshd!.Port };
                Console.Error.WriteLine($"servers up: IMAPS {ports[0]}, token endpoint {ports[1]}, sshd {ports[2]}; delaynet at {options.RttMs} ms ...");
                var net = await Delaynet.UpAsync(options.RttMs, ports);
                run = new BenchRun(options, root, servers, net);
                var overhead = await net.ExecOverheadAsync();
                run.Findings.Add(new Finding("net", "delaynet exec overhead per process",
                    $"{overhead * 1000:F0} ms (included in every time at {net.Label}; RTT {net.Label} to ports {string.Join(", ", ports)})",
                    new Dictionary<string, object> { ["execOverheadSeconds"] = Math.Round(overhead, 4), ["rttMs"] = net.RttMs }));
                return run;
            }
            catch
            {
                if (run != null)
                {
                    await run.DisposeAsync();
                }
                else
                {
                    // A link that failed half-way up is taken down by bench/run's exit trap.
                    if (servers != null)
                        await servers.DisposeAsync();
                    Directory.Delete(root, recursive: true);
                }
                throw;
            }
        }

        /// <summary>The issue's mailbox in INBOX (2,000 mails ≈ 379 MB), delivered once for every scenario that reads it.</summary>
        public Task<MailCorpus.Delivered> InboxAsync() => _inbox.Value;

        /// <summary>A folder of the run's scratch space, created empty.</summary>
        public string Folder(string name)
        {
            var path = Path.Combine(Root, name);
            Directory.CreateDirectory(path);
            return path;
        }

        public void Add(ScenarioResult scenario)
        {
            Scenarios.Add(scenario);
            Report.Print(scenario);
        }

        /// <summary>Checks the delayed link after a scenario used it: packets that passed undelayed make its rows suspect.</summary>
        public async Task CheckNetAsync(string scenario)
        {
            var (healthy, text) = await Net.StatusAsync();
            if (!healthy)
            {
                var warning = scenario + ": delaynet status reports a problem (rows at " + Net.Label + " are suspect): " + text.Trim();
                Warnings.Add(warning);
                Console.Error.WriteLine("WARNING " + warning);
            }
        }

        public static string LoadAverage() =>
            File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "";

        private async Task<MailCorpus.Delivered> DeliverInboxAsync()
        {
            Console.Error.WriteLine($"delivering {Options.Mails} mails (seed {Options.Seed}) to INBOX ...");
            var corpus = await MailCorpus.DeliverAsync(Servers.Dovecot.Mailbox, Options.Mails, Options.Seed);
            Console.Error.WriteLine($"delivered {corpus.Mails} mails, {Report.Megabytes(corpus.Bytes)}, {corpus.WithAttachments} with attachments");
            return corpus;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Net.DisposeAsync();
            }
            finally
            {
                await Servers.DisposeAsync();
                if (Directory.Exists(Root))
                    Directory.Delete(Root, recursive: true);
            }
        }
    }
}
