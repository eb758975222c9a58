using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.Bench.Fetch;

namespace FundMail.Bench.Cycle
{
    /// <summary>
    /// T7: the whole first cycle (fetch, parse, store, upload: `fundmail cycle --json` on a fresh BASE_DIR, as T4 runs it)
    /// against the composed peer (mbsync's fetch, then OpenSSH sftp putting the same files). The loopback rows run here,
    /// after a warm-up round; over the delayed link T4's row is ours and the peer joins the T3/T4 rows, measured once.
    /// </summary>
    internal sealed class WholeCycleTarget
    {
        public const double MaxRatio = 0.8;

        private readonly ComposedPeer _peer;
        private readonly Contender _ours;
        private readonly Contender _composed;

        private WholeCycleTarget(ComposedPeer peer, Contender ours, Contender composed)
        {
            _peer = peer;
            _ours = ours;
            _composed = composed;
        }

        public static async Task<WholeCycleTarget> RunLoopbackAsync(BenchRun run, MailCorpus.Delivered corpus, bool json)
        {
            var cycle = await HostCycle.CreateAsync(run.Servers, Path.Combine(run.Root, "cycle-loopback"), "INBOX");
            var peer = await ComposedPeer.CreateAsync(run, corpus.Mails, source => ShipOnceAsync(cycle, json, corpus.Mails, source));
            var ours = new Contender($"fundmail cycle, {corpus.Mails} new mails", () => cycle.Command(json),
                () => { cycle.Reset(); return Task.CompletedTask; }, sample => cycle.Verify(sample, corpus.Mails)) { Ours = true };
            var composed = peer.Row(null);
            var rows = new[] { ours, composed };
            await Repetitions.RunAsync(rows, run.Options.Reps);
            run.Add(new ScenarioResult("cycle loopback", $"T7 whole first cycle of {corpus.Mails} mails ({Report.Megabytes(corpus.Bytes)}) against mbsync, then OpenSSH sftp; loopback",
                rows, new Dictionary<string, object> { ["mails"] = corpus.Mails, ["bytes"] = corpus.Bytes, ["hostJson"] = json }));
            return new WholeCycleTarget(peer, ours, composed);
        }

        /// <summary>The composed peer over the delayed link: OpenSSH sftp sends one file at a time, minutes at 30 ms, so once.</summary>
        public Contender Delayed(Delaynet net) => _peer.Row(net, once: true);

        /// <param name="oursDelayed">T4's row: the same whole first cycle over the delayed link.</param>
        public void AddTargets(BenchRun run, Contender oursDelayed, Contender composedDelayed, int mails)
        {
            run.Targets.Add(new Target("T7", $"whole first cycle {mails} mails, loopback", _ours, _composed, MaxRatio, Note(_ours, _composed)));
            run.Targets.Add(new Target("T7", $"whole first cycle {mails} mails, {composedDelayed.Network!.Label}", oursDelayed, composedDelayed, null,
                Note(oursDelayed, composedDelayed) + "; the peer measured once"));
        }

        /// <summary>Where each side's time went (medians): the peer's two parts, the cycle's own timings.</summary>
        private static string Note(Contender ours, Contender peer)
        {
            var parts = peer.Samples.Select(s => ComposedPeer.Parts(s.Output)).ToList();
            var timings = CycleOutput.Medians(ours.Samples);
            string Timing(string key) => timings.TryGetValue(key, out var v) ? Report.Seconds(v) : "-";
            return $"peer: mbsync {Report.Seconds(Contender.Median(parts.Select(p => p.Mbsync)))} + sftp {Report.Seconds(Contender.Median(parts.Select(p => p.Sftp)))}; " +
                $"ours: capture {Timing("capture")}, upload {Timing("upload")} (alongside capture), upload_wait {Timing("upload_wait")}; " +
                "ours uploads durably (temp file, fsync, rename), sftp's put does not fsync";
        }

        private static async Task ShipOnceAsync(HostCycle cycle, bool json, int mails, string target)
        {
            Console.Error.WriteLine("  T7: one untimed cycle on loopback, to copy the files it ships for the composed peer ...");
            cycle.Reset();
            var sample = await TimedProcess.RunAsync(cycle.Command(json), 0, 0);
            cycle.Verify(sample, mails);
            ShippedFiles.CopyTo(cycle.BaseDir, target);
        }
    }
}
