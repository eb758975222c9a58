using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Imap;
using FundMail.Logging;
using FundMail.Mailbox;
using FundMail.Net;
using FundMail.Store;

namespace FundMail.Cycle
{
    /// <summary>
    /// One scheduled run: lock → recover what a dead run left → fetch, parse and store new mail in bounded batches
    /// (the checkpoint moves as each batch is durable and queued) → ship every queued batch → unlock.
    /// Whatever fails or is killed, every mail ends up on the server exactly once, on a later run at the latest.
    /// </summary>
    public static class CycleRunner
    {
        public static async Task<CycleReport> RunAsync(CycleSettings settings, ITokenProvider? tokens, ILog log, CancellationToken ct)
        {
            var layout = settings.Store.Layout;
            using var runLock = RunLock.Acquire(layout.BaseDir);
            var report = new CycleReport { Started = DateTimeOffset.Now };
            var wall = Stopwatch.StartNew();
            // Logging and status are best-effort: a read-only log folder or a full disk never stops capture.
            var safeLog = new BestEffortLog(log);
            log = safeLog;
            var status = RunStatus.Read(layout.BaseDir);
            status.Started(layout.BaseDir, report.Started);
            var statusUnwritable = status.WriteFailure != null;
            if (statusUnwritable)
                Warn(report, log, status.WriteFailure!);
            try
            {
                await RunLockedAsync(settings, tokens, log, report, status, ct).ConfigureAwait(false);
                report.Finished = DateTimeOffset.Now;
                Measured(report, status, wall);
                if (safeLog.Failure != null)
                    report.Warnings.Add(safeLog.Failure);
                if (report.UploadError != null)
                    status.Finished(layout.BaseDir, "stored, upload pending", report.UploadError);
                else
                    status.Finished(layout.BaseDir, report.Warnings.Count == 0 ? "ok" : "ok with warnings", null);
                if (status.WriteFailure != null && !statusUnwritable)
                    Warn(report, log, status.WriteFailure);
                log.Info("cycle finished: " + report);
                return report;
            }
            catch (Exception e)
            {
                Measured(report, status, wall);
                status.Finished(layout.BaseDir, "failed", e.Message);
                if (status.WriteFailure != null && !statusUnwritable)
                    log.Warning(status.WriteFailure);
                log.Error("cycle failed: " + e.Message, e);
                throw;
            }
        }

        /// <summary>The run's timings, round trips and SFTP durability go into status.json too, failed runs included.</summary>
        private static void Measured(CycleReport report, RunStatus status, Stopwatch wall)
        {
            report.Timings["wall"] = wall.Elapsed.TotalSeconds;
            // A run that did not reach the SFTP server keeps what an earlier one found.
            status.SftpDurability = report.SftpDurability ?? status.SftpDurability;
            status.LastTimings = report.Timings;
            status.LastImapRoundTrips = report.ImapRoundTrips;
        }

        private static async Task RunLockedAsync(CycleSettings settings, ITokenProvider? tokens, ILog log, CycleReport report, RunStatus status,
            CancellationToken ct)
        {
            var layout = settings.Store.Layout;
            var clock = Stopwatch.StartNew();
            // The token endpoint is a few round trips away and the first TLS handshake loads the trust store: start both
            // now, on the other core, while recovery runs.
            if (!(status.ThrottledUntil > DateTimeOffset.Now))
            {
                _ = TlsTrust.WarmUpAsync();
                if (tokens != null)
                    tokens = new TokenHeadStart(tokens, ct);
            }
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
            Lap(report, "recover", clock);
            var checkpoint = CheckpointRepair.Reconcile(CheckpointRebuild.Load(layout.BaseDir, ledger, status, message => Warn(report, log, message)),
                outbox, layout.BaseDir, log);
            Lap(report, "checkpoint", clock);

            // Capture and shipping run side by side: each batch is durable, queued and checkpointed as it commits, and goes up
            // while the next is fetched, after the batches earlier runs left queued. A run cut short (a kill, the task's time
            // limit) keeps every batch it committed, shipped or queued.
            var lane = ShippingLane.Start(outbox, settings, report, log, ct);
            ExceptionDispatchInfo? captureFailure = null;
            if (status.ThrottledUntil is DateTimeOffset until && until > DateTimeOffset.Now)
            {
                report.Throttled = true;
                Warn(report, log, "Exchange asked to back off until " + until.ToString("HH:mm:ss") + "; the mailbox is not read this run");
            }
            else
            {
                try
                {
                    await CaptureAsync(settings, tokens, log, report, checkpoint, ledger, outbox, clock, ct).ConfigureAwait(false);
                    status.ThrottledUntil = null;
                }
                catch (ImapThrottledException e)
                {
                    status.ThrottledUntil = DateTimeOffset.Now + e.Backoff;
                    report.Throttled = true;
                    Warn(report, log, "Exchange is throttling this app (" + e.Message + "); backing off " + (int)Math.Ceiling(e.Backoff.TotalSeconds) + " s, checkpoint kept");
                }
                catch (Exception e)
                {
                    // The batches committed before the failure, and those queued by earlier runs, still go up.
                    captureFailure = ExceptionDispatchInfo.Capture(e);
                }
            }
            if (report.UidValidityChange != null)
            {
                status.UidValidityChanged = DateTimeOffset.Now;
                status.UidValidityChange = report.UidValidityChange;
            }

            clock.Restart();
            await FinishShippingAsync(lane, captureFailure?.SourceException, log).ConfigureAwait(false);
            report.Timings["upload"] = lane.BusySeconds;
            Lap(report, "upload_wait", clock);
            captureFailure?.Throw();
            report.QueuedBatches = outbox.Pending().Count;
            if (report.QueuedBatches > 0)
                Warn(report, log, report.QueuedBatches + " batch(es) wait for the SFTP server and go first on the next run");
        }

        /// <summary>
        /// Waits for the shipping lane to empty the queue. After a failed capture (or a cancelled run) a failure of the lane is
        /// logged, never hiding the capture's.
        /// </summary>
        private static async Task FinishShippingAsync(ShippingLane lane, Exception? captureFailure, ILog log)
        {
            try
            {
                await lane.FinishAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (captureFailure != null)
            {
                if (!(e is OperationCanceledException))
                    log.Error("uploading queued batches after the failed capture (" + captureFailure.Message + ") failed too: " + e.Message, e);
            }
        }

        /// <summary>
        /// Opens the folder with the search for UIDs after the checkpoint right behind EXAMINE, then fetches and stores
        /// what is new. When the checkpoint shows nothing can be new (same UIDVALIDITY, no UID after it, none to retry) the
        /// capture step is skipped: the checkpoint stays as it is. LOGOUT is not waited for: all that matters was read.
        /// </summary>
        private static async Task CaptureAsync(CycleSettings settings, ITokenProvider? tokens, ILog log, CycleReport report, Checkpoint? checkpoint,
            Ledger ledger, Outbox outbox, Stopwatch clock, CancellationToken ct)
        {
            var newUids = checkpoint != null && checkpoint.LastUid < uint.MaxValue ? UidSearch.After(checkpoint.LastUid) : null;
            var open = await MailboxConnector.OpenAsync(settings.Mailbox.Imap, tokens, log, newUids, ct).ConfigureAwait(false);
            using var client = open.Client;
            report.Timings["connect"] = open.Connect.TotalSeconds;
            report.Timings["auth"] = open.Auth.TotalSeconds;
            report.Timings["select"] = open.Select.TotalSeconds;
            clock.Restart();
            try
            {
                if (checkpoint != null && newUids != null && checkpoint.UidValidity == open.State.UidValidity && checkpoint.RetryUids.Count == 0
                    && open.State.Found(newUids)?.Count == 0)
                {
                    log.Verbose("no new mail");
                    report.UidValidity = checkpoint.UidValidity;
                    report.LastUid = checkpoint.LastUid;
                }
                else
                {
                    await MailCapture.RunAsync(client, open.State, checkpoint, settings.Store, ledger, outbox, report, log, DateTimeOffset.Now, ct).ConfigureAwait(false);
                    Lap(report, "capture", clock);
                }
                await client.LogoutWithoutWaitingAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                report.ImapRoundTrips = client.RoundTrips;
            }
            clock.Restart();
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
