using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.Bench.Fetch;

namespace FundMail.Bench.Cycle
{
    /// <summary>
    /// T7 whole first cycle against the composed peer, on loopback (<see cref="WholeCycleTarget"/>); then T4 whole cycle
    /// and T3 idle cycle, both over the delayed link (Dovecot, token endpoint and sshd all behind it), with the real
    /// console host `fundmail cycle`. T4: a fresh BASE_DIR takes every INBOX mail from fetch to checkpoint, uploads
    /// included, and says where the time went; it is also T7's row over the delayed link. T3: a BASE_DIR that is up to
    /// date runs again and finds nothing; its IMAP leg is compared with mbsync's second (idle) sync of the same INBOX.
    /// </summary>
    internal static class CycleScenario
    {
        public const string Name = "cycle";

        public static async Task RunAsync(BenchRun run)
        {
            var corpus = await run.InboxAsync();
            var net = run.Net;
            var json = await HostCycle.SupportsJsonAsync();
            // Loopback first, with its warm-up round: Dovecot's indexes and the page cache are warm for the delayed rows too.
            var composed = await WholeCycleTarget.RunLoopbackAsync(run, corpus, json);
            var whole = await HostCycle.CreateAsync(run.Servers, Path.Combine(run.Root, "cycle-whole"), "INBOX");
            var idle = await HostCycle.CreateAsync(run.Servers, Path.Combine(run.Root, "cycle-idle"), "INBOX");
            var maildir = Path.Combine(run.Folder("cycle-mbsync"), "maildir");
            var mbsyncConfig = Mbsync.WriteConfig(run.Servers, Path.Combine(run.Root, "cycle-mbsync", "mbsync.conf"), maildir, fsync: true);

            var cycle = new Contender(IngestContenders.Named($"fundmail cycle, {corpus.Mails} new mails", net), () => whole.Command(json),
                () => { whole.Reset(); return Task.CompletedTask; }, sample => whole.Verify(sample, corpus.Mails)) { Ours = true, Network = net };
            var idleCycle = new Contender(IngestContenders.Named("fundmail cycle, idle", net), () => idle.Command(json),
                () => CatchUpAsync(idle, json, corpus.Mails), sample => idle.Verify(sample, 0))
            {
                Ours = true,
                Network = net,
                Metric = sample => CycleOutput.Parse(sample.Output).ImapLegSeconds ?? sample.WallSeconds,
                MetricName = json ? "IMAP leg" : "wall (host without --json)",
            };
            var mbsyncIdle = new Contender(IngestContenders.Named("mbsync idle sync", net), () => Contender.Start("/usr/bin/mbsync", "-q", "-c", mbsyncConfig, "-a"),
                () => CatchUpMbsyncAsync(mbsyncConfig, maildir, corpus.Mails),
                _ => Outputs.Count(Mbsync.Delivered(maildir), corpus.Mails, "maildir files")) { Network = net };
            var composedSlow = composed.Delayed(net);
            var rows = new[] { cycle, idleCycle, mbsyncIdle, composedSlow };
            await Repetitions.RunAsync(rows, run.Options.Reps, warmUp: false);
            run.Add(new ScenarioResult("cycle " + net.Label, $"T3/T4/T7 `fundmail cycle` over RTT {net.Label}: {corpus.Mails} new mails, then idle; mbsync, then OpenSSH sftp (once)",
                rows, new Dictionary<string, object> { ["mails"] = corpus.Mails, ["bytes"] = corpus.Bytes, ["hostJson"] = json }));
            await run.CheckNetAsync("cycle " + net.Label);

            run.Targets.Add(new Target("T3", $"idle cycle IMAP leg, {net.Label}", idleCycle, mbsyncIdle, 1.0,
                json ? "ours: connect+auth+select of the cycle's Timings (auth includes the XOAUTH2 token); mbsync: whole process, LOGIN"
                     : "the host has no `cycle --json` yet: ours is the whole idle cycle's wall time"));
            composed.AddTargets(run, cycle, composedSlow, corpus.Mails);
            var idleOutputs = idleCycle.Samples.Select(s => CycleOutput.Parse(s.Output)).ToList();
            if (json && idleOutputs.Any(o => o.ImapLegSeconds == null))
                run.Warnings.Add("T3: the idle cycle's JSON lacks one of the timings " + string.Join("/", CycleOutput.ImapLeg) +
                    ": its whole wall time was compared instead");
            if (idleOutputs.Any(o => o.ImapRoundTrips != null))
                run.Findings.Add(new Finding("T3", "IMAP round trips of the idle cycle", string.Join(", ", idleOutputs.Select(o => o.ImapRoundTrips)),
                    idleOutputs.Select(o => o.ImapRoundTrips).ToArray()));
            var timings = CycleOutput.Medians(cycle.Samples);
            run.Findings.Add(new Finding("T4", $"whole cycle, {corpus.Mails} mails ({Report.Megabytes(corpus.Bytes)}), {net.Label}",
                $"{Report.Seconds(cycle.MedianWall)} wall, peak RSS {cycle.PeakRssKb / 1024} MB" +
                (timings.Count == 0 ? " (the host reports no timings)" : "; " + string.Join(", ", timings.Select(t => FormattableString.Invariant($"{t.Key} {t.Value:F2} s")))),
                new Dictionary<string, object> { ["wallSeconds"] = cycle.MedianWall, ["timings"] = timings }));
        }

        /// <summary>The idle contender's BASE_DIR is brought up to date once (untimed, on loopback); later runs stay idle.</summary>
        private static async Task CatchUpAsync(HostCycle idle, bool json, int mails)
        {
            if (idle.CaughtUp)
                return;
            idle.Reset();
            var sample = await TimedProcess.RunAsync(idle.Command(json), 0, 0);
            idle.Verify(sample, mails);
            idle.CaughtUp = true;
        }

        private static async Task CatchUpMbsyncAsync(string config, string maildir, int mails)
        {
            if (Mbsync.Delivered(maildir).Length == mails)
                return;
            Outputs.Empty(maildir);
            await TimedProcess.RunAsync(Contender.Start("/usr/bin/mbsync", "-q", "-c", config, "-a"), 0, 0);
        }
    }
}
