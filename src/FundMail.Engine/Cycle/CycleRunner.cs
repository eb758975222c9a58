using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Imap;
using FundMail.Logging;
using FundMail.Mailbox;
using FundMail.Store;

namespace FundMail.Cycle
{
    /// <summary>
    /// One scheduled run: lock → recover what a dead run left → ship queued batches → fetch, parse and store new mail
    /// (the checkpoint moves once the batch is durable and queued) → ship it → unlock.
    /// Whatever fails or is killed, every mail ends up on the server exactly once, on a later run at the latest.
    /// </summary>
    public static class CycleRunner
    {
        public static async Task<CycleReport> RunAsync(CycleSettings settings, ITokenProvider? tokens, ILog log, CancellationToken ct)
        {
            var layout = settings.Store.Layout;
            using var runLock = RunLock.Acquire(layout.BaseDir);
            var report = new CycleReport { Started = DateTimeOffset.Now };
            var status = RunStatus.Read(layout.BaseDir);
            status.Started(layout.BaseDir, report.Started);
            try
            {
                await RunLockedAsync(settings, tokens, log, report, status, ct).ConfigureAwait(false);
                report.Finished = DateTimeOffset.Now;
                if (report.UploadError != null)
                    status.Finished(layout.BaseDir, "stored, upload pending", report.UploadError);
                else
                    status.Finished(layout.BaseDir, report.Warnings.Count == 0 ? "ok" : "ok with warnings", null);
                log.Info("cycle finished: " + report);
                return report;
            }
            catch (Exception e)
            {
                status.Finished(layout.BaseDir, "failed", e.Message);
                log.Error("cycle failed: " + e.Message);
                throw;
            }
        }

        private static async Task RunLockedAsync(CycleSettings settings, ITokenProvider? tokens, ILog log, CycleReport report, RunStatus status,
            CancellationToken ct)
        {
            var layout = settings.Store.Layout;
            var clock = Stopwatch.StartNew();
            using var ledger = Ledger.Open(layout.BaseDir);
            var outbox = new Outbox(layout.BaseDir);
            foreach (var batch in BatchRecovery.Recover(layout))
            {
                log.Warning("completing batch " + Path.GetFileName(batch.DbPath) + " left by an interrupted run");
                ledger.Record(batch.DbPath);
                outbox.Queue(batch.DbPath);
                batch.Complete();
            }
            RequeueUnshipped(ledger, outbox, layout, log);
            ClearScratch(layout);
            var checkpoint = CheckpointRepair.Reconcile(Checkpoint.Read(layout.BaseDir), outbox, layout.BaseDir, log);
            Lap(report, "recover", clock);

            var shipped = await Shipper.ShipAsync(outbox, ledger, settings.Sftp, layout, report, log, ct).ConfigureAwait(false);
            Lap(report, "upload queued", clock);

            if (status.ThrottledUntil is DateTimeOffset until && until > DateTimeOffset.Now)
            {
                report.Throttled = true;
                Warn(report, log, "Exchange asked to back off until " + until.ToString("HH:mm:ss") + "; the mailbox is not read this run");
            }
            else
            {
                try
                {
                    var (client, state) = await MailboxConnector.OpenAsync(settings.Mailbox.Imap, tokens, log, ct).ConfigureAwait(false);
                    using (client)
                    {
                        Lap(report, "connect", clock);
                        await MailCapture.RunAsync(client, state, checkpoint, settings.Store, ledger, outbox, report, log, DateTimeOffset.Now, ct).ConfigureAwait(false);
                        Lap(report, "fetch+parse+store", clock);
                        await client.LogoutAsync(ct).ConfigureAwait(false);
                    }
                    status.ThrottledUntil = null;
                }
                catch (ImapThrottledException e)
                {
                    status.ThrottledUntil = DateTimeOffset.Now + e.Backoff;
                    report.Throttled = true;
                    Warn(report, log, "Exchange is throttling this app (" + e.Message + "); backing off " + (int)Math.Ceiling(e.Backoff.TotalSeconds) + " s, checkpoint kept");
                }
            }

            if (shipped && report.DbPath != null)
            {
                await Shipper.ShipAsync(outbox, ledger, settings.Sftp, layout, report, log, ct).ConfigureAwait(false);
                Lap(report, "upload new", clock);
            }
            report.QueuedBatches = outbox.Pending().Count;
            if (report.QueuedBatches > 0)
                Warn(report, log, report.QueuedBatches + " batch(es) wait for the SFTP server and go first on the next run");
        }

        /// <summary>
        /// Every stored batch is queued until shipped; the ledger's shipped marks are the second record of that, so a lost
        /// outbox marker (a disk hiccup, a hand-cleaned folder) can never leave stored mail unshipped.
        /// </summary>
        private static void RequeueUnshipped(Ledger ledger, Outbox outbox, StoreLayout layout, ILog log)
        {
            var pending = new System.Collections.Generic.HashSet<string>(outbox.Pending().Select(Path.GetFileName)!, StringComparer.Ordinal);
            foreach (var name in ledger.UnshippedDbFiles())
            {
                var db = Path.Combine(layout.BaseDir, name);
                if (pending.Contains(name) || !File.Exists(db))
                    continue;
                log.Warning("batch " + name + " was stored but neither shipped nor queued; queueing it again");
                outbox.Queue(db);
            }
        }

        private static void Warn(CycleReport report, ILog log, string message)
        {
            report.Warnings.Add(message);
            log.Warning(message);
        }

        private static void Lap(CycleReport report, string phase, Stopwatch clock)
        {
            report.Timings[phase] = clock.Elapsed.TotalSeconds;
            clock.Restart();
        }

        /// <summary>Spool files of a dead run belong to no batch (batches move what they keep): they can all go.</summary>
        private static void ClearScratch(StoreLayout layout)
        {
            foreach (var folder in new[] { "fetch", "parts" })
            {
                var path = Path.Combine(layout.SpoolDir, folder);
                if (Directory.Exists(path))
                    Directory.Delete(path, true);
            }
        }
    }
}
