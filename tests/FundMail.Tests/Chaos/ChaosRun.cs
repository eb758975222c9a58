using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
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
        public int Backlogs { get; set; }
        public int Expunges { get; set; }
        public int ExpungedMidFetch { get; set; }
        public int DiskFulls { get; set; }
        public int DiskFullFailures { get; set; }
        public string? DiskFullSkipped { get; set; }
        public int LogFolderFaults { get; set; }
        public int IdenticalCopies { get; set; }
        public int SharedMessageIds { get; set; }
    }

    /// <summary>
    /// The chaos loop: mail keeps arriving while real `fundmail cycle` processes run; some are SIGKILLed at random or at
    /// narrow windows, Dovecot and sshd go down and come back; twice a large backlog arrives at once and the next cycles are
    /// killed; some mails share a Message-ID; a mail is expunged while a cycle runs; BASE_DIR's disk fills up; the log folder
    /// becomes unwritable. Then everything heals, cycles run until there is nothing
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
        private int _forcedKills;

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
            var name = "chaos-" + _options.Seed;
            // Room for every mail the run stores locally (about 0.3 MB each) with a wide margin; the ballast takes the rest when full.
            using var disk = DiskFull.TryMount(Path.Combine(_fixture.Directory, name), (64L << 20) + _options.Mails * 700_000L, out var skipped);
            result.DiskFullSkipped = skipped;
            if (skipped != null)
                _log("disk-full fault skipped: " + skipped);
            var (env, baseDir, remoteDir) = await _fixture.NewRunAsync(name, ("FIRST_RUN", "latest"));
            var mail = new ChaosMail(_options.Seed, _fixture.Servers.Dovecot.Mailbox);
            var outages = new Outages(_fixture.Servers, mail);
            var logs = new LogFolderFault(baseDir);
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
                // Each of the other faults at least twice in the suite, and more often in bigger runs.
                var faultTarget = Math.Max(2, _options.Mails / 150);
                var faultChance = Math.Min(0.3, 1.5 * faultTarget / planned);
                var backlog = Math.Max(20, _options.Mails / 10);
                ChaosFault? ShortFault() =>
                    result.Expunges < faultTarget && outages.Active == null ? ChaosFault.Expunge :
                    result.LogFolderFaults < faultTarget ? ChaosFault.LogFolder :
                    disk != null && result.DiskFulls < faultTarget ? ChaosFault.DiskFull : (ChaosFault?)null;
                bool FaultsShort() => result.Backlogs < 2 || result.Expunges < faultTarget || result.LogFolderFaults < faultTarget ||
                                      (disk != null && result.DiskFulls < faultTarget);
                while (mail.Delivered.Count < _options.Mails + 1 || result.Kills.Count < _options.Kills || outages.Total < _options.Outages ||
                       !EveryKillPointHit(result) || FaultsShort())
                {
                    if (result.Iterations > planned * 4 + 20)
                        throw new InvalidOperationException("the chaos schedule did not reach its targets in " + result.Iterations + " iterations");
                    result.Iterations++;
                    if (outages.Active != null && --outageLeft <= 0)
                        await outages.EndAsync();

                    // A large backlog at once (a weekend offline): the next three cycles are killed, each at the next kill point.
                    if (result.Iterations == planned / 3 || result.Iterations == planned * 2 / 3 || (result.Iterations > planned && result.Backlogs < 2))
                    {
                        result.Backlogs++;
                        mail.Make(backlog);
                        _forcedKills = 3;
                        _log("#" + result.Iterations + " backlog of " + backlog + " mails");
                    }
                    var fault = PickFault(faultChance, disk != null, result.Iterations > planned ? ShortFault() : null);
                    var outageMidCycle = false;
                    if (outages.Active == null && _random.NextDouble() < outageChance)
                    {
                        var kind = outages.Total % 2 == 0 ? OutageKind.Imap : OutageKind.Sftp;
                        outageLeft = _random.Next(1, 4);
                        outageMidCycle = _random.NextDouble() < 0.5;
                        if (!outageMidCycle)
                            await outages.BeginAsync(kind, midCycle: false);
                        else
                            await ChaosCycleAsync(env, baseDir, remoteDir, mail, perIteration, killChance, result, () => outages.BeginAsync(kind, midCycle: true),
                                fault, disk, logs);
                    }
                    if (!outageMidCycle)
                        await ChaosCycleAsync(env, baseDir, remoteDir, mail, perIteration, killChance, result, null, fault, disk, logs);
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
                result.IdenticalCopies = mail.IdenticalCopiesDelivered;
                result.SharedMessageIds = mail.SharedIdsDelivered;
                result.Audit = ServerAudit.Check(remoteDir, mail.Delivered, mail.Expunged);
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
            ChaosResult result, Func<Task>? outageMidway, ChaosFault fault, DiskFull? disk, LogFolderFault logs)
        {
            mail.Make(_random.Next(1, perIteration * 2));
            // An expunge or a full disk is seen through to the cycle's end, unless a backlog's kills are due.
            var kill = _forcedKills > 0 || (fault != ChaosFault.Expunge && fault != ChaosFault.DiskFull && _random.NextDouble() < killChance);
            if (_forcedKills > 0)
                _forcedKills--;
            // Kill points take turns, so each narrow window gets its share of attempts.
            var point = KillPoints[_killAttempts % KillPoints.Length];
            if (kill)
                _killAttempts++;
            var trigger = kill ? new KillTrigger(point, baseDir, remoteDir) : null;
            // Timed kills spread over a whole normal cycle (a little beyond, so some land at its very end).
            var delay = (int)(_random.NextDouble() * _cycleMs * 1.1);
            var jitter = point == KillPoint.MidDbWrite ? _random.Next(0, 60) : 0;
            var outageDelay = (int)(_random.NextDouble() * _cycleMs);
            var imapUp = _fixture.Servers.Dovecot.IsRunning && result.Outages.Active == null && outageMidway == null;
            // An expunge needs Dovecot up for the whole cycle.
            if (fault == ChaosFault.Expunge && !imapUp)
                fault = ChaosFault.None;
            // A full disk: as the cycle starts, after a random delay, or the moment a batch's temp DB appears (where it once
            // made the engine store a mail whose parse met ENOSPC raw and flagged instead of retrying it), a third each.
            var diskMoment = (DiskFullMoment)_random.Next(3);
            var faultDelay = diskMoment == DiskFullMoment.AfterDelay ? (int)(_random.NextDouble() * _cycleMs) : 0;
            var diskLeft = (long)_random.Next(0, 512) << 10;
            var faults = await FaultTrigger.ArmAsync(fault, mail, disk, logs, baseDir);
            fault = faults.Fault;
            // A full disk fails the cycle; an unwritable log folder or an expunged mail must not.
            var healthy = imapUp && fault != ChaosFault.DiskFull;

            using var cycle = CycleProcess.Start(_fixture.HostDll, env);
            result.Cycles++;
            var delivery = mail.DeliverAsync();
            var killing = trigger?.RunAsync(cycle, delay, jitter) ?? Task.FromResult<string?>(null);
            var outage = outageMidway == null ? Task.CompletedTask : Task.Delay(outageDelay).ContinueWith(_ => outageMidway()).Unwrap();
            var faulting = faults.RunAsync(cycle, diskMoment, faultDelay, diskLeft);
            int code;
            string? struck;
            try
            {
                code = await cycle.WaitAsync(CycleLimit);
                struck = await faulting;
            }
            finally
            {
                faults.End();
            }
            var observed = await killing;
            await delivery;
            await outage;
            CountFault(result, fault, struck, cycle.Killed ? (int?)null : code);

            _log("#" + result.Iterations + " " + (int)cycle.Elapsed.TotalMilliseconds + " ms, " + (cycle.Killed ? "killed " + point + " [" + observed + "]" : "exit " + code) +
                 (outageMidway != null ? ", outage mid-cycle" : result.Outages.Active != null ? ", " + result.Outages.Active + " down" : "") +
                 (struck != null ? ", " + struck : "") +
                 ", delivered " + mail.Delivered.Count + (code == 0 ? ": " + cycle.Stdout.Trim() : cycle.Killed ? "" : " | " + FirstLine(cycle.Stderr)));
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

        private static string FirstLine(string text) => text.Trim().Split('\n')[0].Trim();

        private static void CountFault(ChaosResult result, ChaosFault fault, string? struck, int? exitCode)
        {
            switch (fault)
            {
                case ChaosFault.Expunge:
                    result.Expunges++;
                    if (struck!.Contains("FETCH"))
                        result.ExpungedMidFetch++;
                    break;
                case ChaosFault.DiskFull when struck != null:
                    result.DiskFulls++;
                    if (exitCode is int code && code != 0)
                        result.DiskFullFailures++;
                    break;
                case ChaosFault.LogFolder:
                    result.LogFolderFaults++;
                    break;
            }
        }

        /// <summary>
        /// At most one of the other faults per iteration, each with the same chance; once the schedule has run its planned
        /// length, a fault still short of its target comes every iteration.
        /// </summary>
        private ChaosFault PickFault(double chance, bool diskFullPossible, ChaosFault? shortFault)
        {
            if (shortFault != null)
                return shortFault.Value;
            var roll = _random.NextDouble();
            if (roll < chance)
                return ChaosFault.Expunge;
            if (roll < 2 * chance)
                return ChaosFault.LogFolder;
            if (roll < 3 * chance && diskFullPossible)
                return ChaosFault.DiskFull;
            return ChaosFault.None;
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

        /// <summary>
        /// After settling, nothing may wait locally: no outbox marker, no batch journal of a dead run, no UID still to retry
        /// (a UID expunged before it was fetched is dropped once the server says it is gone).
        /// </summary>
        private static void CheckLocal(string baseDir, ChaosResult result)
        {
            var outbox = Path.Combine(baseDir, "outbox");
            if (Directory.Exists(outbox))
                result.LocalLeftovers.AddRange(Directory.GetFiles(outbox).Select(f => "outbox/" + Path.GetFileName(f)));
            var spool = Path.Combine(baseDir, ".spool");
            if (Directory.Exists(spool))
                result.LocalLeftovers.AddRange(Directory.GetFiles(spool, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(baseDir, f)));
            result.LocalLeftovers.AddRange(Directory.GetFiles(baseDir, ".fm_*.tmp").Select(Path.GetFileName)!);
            using var checkpoint = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(baseDir, "LAST_TIME.json")));
            if (checkpoint.RootElement.TryGetProperty("retry_uids", out var retry) && retry.ValueKind == JsonValueKind.Array && retry.GetArrayLength() > 0)
                result.LocalLeftovers.Add("LAST_TIME.json still has UIDs to retry: " + retry.GetRawText());
        }

        private static void Count(ChaosResult result, int code)
        {
            result.ExitCodes.TryGetValue(code, out var n);
            result.ExitCodes[code] = n + 1;
        }
    }
}
