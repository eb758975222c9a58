using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace FundMail.Tests.Chaos
{
    /// <summary>What a chaos run did and what the server held at its end.</summary>
    public sealed class ChaosResult
    {
        public ServerAudit Audit { get; set; } = null!;
        public int Iterations { get; set; }
        public int Cycles { get; set; }
        public List<(KillPoint point, string observed)> Kills { get; } = new List<(KillPoint, string)>();
        public int MissedKills { get; set; }
        public Outages Outages { get; set; } = null!;
        public SortedDictionary<int, int> ExitCodes { get; } = new SortedDictionary<int, int>();
        public List<string> HealthyFailures { get; } = new List<string>();
        public int SettleCycles { get; set; }
        public List<string> LocalLeftovers { get; } = new List<string>();
        public TimeSpan Duration { get; set; }
        public int DeliveryFailures { get; set; }
    }

    /// <summary>
    /// The chaos loop: mail keeps arriving while real `fundmail cycle` processes run; some are SIGKILLed at random or at
    /// narrow windows, Dovecot and sshd go down and come back. Then everything heals, cycles run until there is nothing
    /// left to do, and the server's folder is audited. The schedule comes from one seed, so a failure can be replayed.
    /// </summary>
    public sealed class ChaosRun
    {
        private static readonly TimeSpan CycleLimit = TimeSpan.FromMinutes(3);
        private readonly ChaosFixture _fixture;
        private readonly ChaosOptions _options;
        private readonly Action<string> _log;
        private readonly Random _random;
        private static readonly KillPoint[] KillPoints = (KillPoint[])Enum.GetValues(typeof(KillPoint));
        private double _cycleMs = 1500;
        private int _killAttempts;

        public ChaosRun(ChaosFixture fixture, ChaosOptions options, Action<string> log)
        {
            _fixture = fixture;
            _options = options;
            _log = log;
            _random = new Random(options.Seed);
        }

        public async Task<ChaosResult> RunAsync()
        {
            var clock = Stopwatch.StartNew();
            var result = new ChaosResult();
            var (env, baseDir, remoteDir) = await _fixture.NewRunAsync("chaos-" + _options.Seed, ("FIRST_RUN", "latest"));
            var mail = new ChaosMail(_options.Seed, _fixture.Servers.Dovecot.Mailbox);
            var outages = new Outages(_fixture.Servers, mail);
            result.Outages = outages;
            try
            {
                // FIRST_RUN=latest captures the newest mail and starts after it: the first mail and the first run are the baseline.
                mail.Make(1);
                await mail.DeliverAsync();
                await RunToEndAsync(env, result, "baseline", mustSucceed: true);

                // Sized so mail, kills and outages reach their targets at about the same time; the loop runs until all have.
                var planned = Math.Max(_options.Mails / 7, Math.Max(_options.Kills * 2, _options.Outages * 6));
                var perIteration = Math.Max(1, (int)Math.Round((double)_options.Mails / planned));
                var killChance = Math.Min(0.8, 1.5 * _options.Kills / planned);
                var outageChance = Math.Min(0.5, 1.3 * _options.Outages / (planned * 0.75));
                var outageLeft = 0;
                while (mail.Delivered.Count < _options.Mails + 1 || result.Kills.Count < _options.Kills || outages.Total < _options.Outages ||
                       !EveryKillPointHit(result))
                {
                    if (result.Iterations > planned * 4 + 20)
                        throw new InvalidOperationException("the chaos schedule did not reach its targets in " + result.Iterations + " iterations");
                    result.Iterations++;
                    if (outages.Active != null && --outageLeft <= 0)
                        await outages.EndAsync();

                    var outageMidCycle = false;
                    if (outages.Active == null && _random.NextDouble() < outageChance)
                    {
                        var kind = outages.Total % 2 == 0 ? OutageKind.Imap : OutageKind.Sftp;
                        outageLeft = _random.Next(1, 4);
                        outageMidCycle = _random.NextDouble() < 0.5;
                        if (!outageMidCycle)
                            await outages.BeginAsync(kind, midCycle: false);
                        else
                            await ChaosCycleAsync(env, baseDir, remoteDir, mail, perIteration, killChance, result, () => outages.BeginAsync(kind, midCycle: true));
                    }
                    if (!outageMidCycle)
                        await ChaosCycleAsync(env, baseDir, remoteDir, mail, perIteration, killChance, result, null);
                }
                if (outages.Active != null)
                    await outages.EndAsync();
                await mail.DeliverAsync();
                if (mail.Waiting > 0)
                    throw new InvalidOperationException(mail.Waiting + " mail(s) could not be delivered with every server up");

                // Healed: run until a cycle fetches nothing and leaves nothing queued.
                for (var settle = 1; ; settle++)
                {
                    if (settle > 10)
                        throw new InvalidOperationException("10 cycles with every server up did not empty the outbox");
                    result.SettleCycles = settle;
                    var stdout = await RunToEndAsync(env, result, "settle " + settle, mustSucceed: false);
                    if (stdout.Contains("stored 0 mail(s)") && stdout.Contains(" 0 batch(es) queued"))
                        break;
                }
                CheckLocal(baseDir, result);
                result.DeliveryFailures = mail.DeliveryFailures;
                result.Audit = ServerAudit.Check(remoteDir, mail.Delivered);
            }
            finally
            {
                if (outages.Active != null)
                    await outages.EndAsync();
            }
            result.Duration = clock.Elapsed;
            return result;
        }

        /// <summary>One iteration: new mail arrives while a cycle runs; the cycle may be killed, a server may go down mid-way.</summary>
        private async Task ChaosCycleAsync(string env, string baseDir, string remoteDir, ChaosMail mail, int perIteration, double killChance,
            ChaosResult result, Func<Task>? outageMidway)
        {
            mail.Make(_random.Next(1, perIteration * 2));
            var kill = _random.NextDouble() < killChance;
            // Kill points take turns, so each narrow window gets its share of attempts.
            var point = KillPoints[_killAttempts % KillPoints.Length];
            if (kill)
                _killAttempts++;
            var trigger = kill ? new KillTrigger(point, baseDir, remoteDir) : null;
            // Timed kills spread over a whole normal cycle (a little beyond, so some land at its very end).
            var delay = (int)(_random.NextDouble() * _cycleMs * 1.1);
            var jitter = point == KillPoint.MidDbWrite ? _random.Next(0, 60) : 0;
            var outageDelay = (int)(_random.NextDouble() * _cycleMs);
            var healthy = _fixture.Servers.Dovecot.IsRunning && result.Outages.Active == null && outageMidway == null;

            using var cycle = CycleProcess.Start(_fixture.HostDll, env);
            result.Cycles++;
            var delivery = mail.DeliverAsync();
            var killing = trigger?.RunAsync(cycle, delay, jitter) ?? Task.FromResult<string?>(null);
            var outage = outageMidway == null ? Task.CompletedTask : Task.Delay(outageDelay).ContinueWith(_ => outageMidway()).Unwrap();
            var code = await cycle.WaitAsync(CycleLimit);
            var observed = await killing;
            await delivery;
            await outage;

            _log("#" + result.Iterations + " " + (int)cycle.Elapsed.TotalMilliseconds + " ms, " + (cycle.Killed ? "killed " + point + " [" + observed + "]" : "exit " + code) +
                 (outageMidway != null ? ", outage mid-cycle" : result.Outages.Active != null ? ", " + result.Outages.Active + " down" : "") +
                 ", delivered " + mail.Delivered.Count + (code == 0 ? ": " + cycle.Stdout.Trim() : ""));
            if (kill && observed != null)
                result.Kills.Add((point, observed));
            else if (kill)
                result.MissedKills++;
            if (cycle.Killed)
                return;
            Count(result, code);
            if (code == 0)
                _cycleMs = _cycleMs * 0.7 + cycle.Elapsed.TotalMilliseconds * 0.3;
            else if (healthy)
                result.HealthyFailures.Add("iteration " + result.Iterations + " exited " + code + " with every server up: " + cycle.Stderr.Trim());
        }

        /// <summary>With enough kills asked for, every kill point must have landed at least once.</summary>
        private bool EveryKillPointHit(ChaosResult result) =>
            _options.Kills < KillPoints.Length || KillPoints.All(p => result.Kills.Any(k => k.point == p));

        private async Task<string> RunToEndAsync(string env, ChaosResult result, string what, bool mustSucceed)
        {
            using var cycle = CycleProcess.Start(_fixture.HostDll, env);
            result.Cycles++;
            var code = await cycle.WaitAsync(CycleLimit);
            Count(result, code);
            _log(what + ": exit " + code + ", " + (int)cycle.Elapsed.TotalMilliseconds + " ms: " + cycle.Stdout.Trim() + (code == 0 ? "" : " | " + cycle.Stderr.Trim()));
            if (code != 0 && mustSucceed)
                throw new InvalidOperationException(what + " cycle exited " + code + ": " + cycle.Stderr);
            if (code != 0)
                result.HealthyFailures.Add(what + " exited " + code + " with every server up: " + cycle.Stderr.Trim());
            return code == 0 ? cycle.Stdout : "";
        }

        /// <summary>After settling, nothing may wait locally: no outbox marker, no batch journal of a dead run.</summary>
        private static void CheckLocal(string baseDir, ChaosResult result)
        {
            var outbox = Path.Combine(baseDir, "outbox");
            if (Directory.Exists(outbox))
                result.LocalLeftovers.AddRange(Directory.GetFiles(outbox).Select(f => "outbox/" + Path.GetFileName(f)));
            var spool = Path.Combine(baseDir, ".spool");
            if (Directory.Exists(spool))
                result.LocalLeftovers.AddRange(Directory.GetFiles(spool, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(baseDir, f)));
            result.LocalLeftovers.AddRange(Directory.GetFiles(baseDir, ".fm_*.tmp").Select(Path.GetFileName)!);
        }

        private static void Count(ChaosResult result, int code)
        {
            result.ExitCodes.TryGetValue(code, out var n);
            result.ExitCodes[code] = n + 1;
        }
    }
}
