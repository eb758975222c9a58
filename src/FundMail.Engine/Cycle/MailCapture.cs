using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Imap;
using FundMail.Logging;
using FundMail.Store;

namespace FundMail.Cycle
{
    /// <summary>
    /// Fetch → parse → store for one cycle, in bounded batches, oldest UID first, over one IMAP session. Each batch is
    /// committed, recorded in the ledger, queued for upload and checkpointed before the next is parsed (the next is
    /// fetched meanwhile, see <see cref="BatchCapture"/>), so a kill, a fetch error, throttling or the task's time limit
    /// loses at most the batches under way, and a backlog of any size drains over successive runs.
    /// Messages stream from the server into spool files while the <see cref="CapturePipeline"/>
    /// parses them and adds them, in order, to the batch. A mail that fails on its own is stored flagged or retried on
    /// the next run (see <see cref="CapturePipeline"/>), never the batch. Fills the fetch, parse, store and commit timings
    /// (summed over batches; each stage's own busy time: fetch excludes waiting for the parser).
    /// </summary>
    public static class MailCapture
    {
        public static async Task RunAsync(IMailboxClient client, MailboxState state, Checkpoint? checkpoint, StoreSettings store, Ledger ledger,
            Outbox outbox, CycleReport report, ILog log, DateTimeOffset now, CancellationToken ct)
        {
            var layout = store.Layout;
            var plan = await FetchPlan.DecideAsync(client, state, checkpoint, store.FirstRun, ledger, now, log, ct).ConfigureAwait(false);
            var sameUids = checkpoint?.UidValidity == state.UidValidity;
            var next = new Checkpoint
            {
                UidValidity = state.UidValidity,
                LastUid = sameUids ? checkpoint!.LastUid : 0,
                LastEmailId = sameUids ? checkpoint!.LastEmailId : null,
                LastTime = checkpoint?.LastTime,
                RelistThrough = plan.RelistThrough,
            };
            report.UidValidity = next.UidValidity;
            if (plan.UidValidityChange != null)
            {
                report.UidValidityChange = plan.UidValidityChange;
                report.Warnings.Add(plan.UidValidityChange);
                log.Warning(plan.UidValidityChange);
            }
            if (plan.Uids.Count == 0)
                log.Verbose("no new mail");
            else
                log.Info("fetching " + plan.Uids.Count + " message(s) in batches of at most " + store.BatchMaxMails + " mail(s) and about " +
                         store.BatchMaxBytes / (1024 * 1024) + " MB");

            var run = new CaptureRun(client, state, plan, layout, ledger, outbox, report, log, now, next,
                new BatchSizer(store.BatchMaxMails, store.BatchMaxBytes));
            var done = 0;
            var ahead = plan.Uids.Count == 0 ? null : BatchCapture.Start(run, plan.Uids.Take(run.Sizer.NextCount()).ToList(), null, ct);
            do
            {
                var current = ahead;
                ahead = null;
                try
                {
                    StoreBatch? committed = null;
                    if (current != null)
                    {
                        // The next batch is fetched while this one drains and commits.
                        var fetched = await current.FetchEndedAsync().ConfigureAwait(false);
                        ct.ThrowIfCancellationRequested(); // a batch fetched ahead is not stored once the run is stopped
                        done += current.Uids.Count;
                        if (fetched && done < plan.Uids.Count)
                            ahead = BatchCapture.Start(run, plan.Uids.Skip(done).Take(run.Sizer.NextCount()).ToList(), current, ct);
                        committed = await current.FinishAsync().ConfigureAwait(false);
                        next.LastUid = Math.Max(next.LastUid, current.Uids[current.Uids.Count - 1]);
                    }
                    if (done == plan.Uids.Count)
                        next.LastUid = Math.Max(next.LastUid, plan.FloorUid);
                    if (next.RelistThrough <= next.LastUid)
                        next.RelistThrough = null;
                    // Planned UIDs not yet fetched that lie at or below the new last UID (earlier retries) stay on the retry list.
                    next.RetryUids = run.Missed.Union(plan.Uids.Skip(done).Where(uid => uid <= next.LastUid)).OrderBy(uid => uid).ToList();
                    Checkpointed(next, layout, report);
                    committed?.Complete();
                    current?.Finished();
                }
                catch
                {
                    if (current != null)
                    {
                        await current.AbandonAsync().ConfigureAwait(false);
                        current.Dispose();
                    }
                    if (ahead != null)
                    {
                        await ahead.AbandonAsync().ConfigureAwait(false);
                        ahead.Dispose();
                    }
                    throw;
                }
                current?.Dispose();
            }
            while (done < plan.Uids.Count);

            if (report.MailsAlreadyStored > 0)
                log.Warning(report.MailsAlreadyStored + " fetched mail(s) were stored before (same email id and content" +
                            (plan.Relisting ? ", or same Message-ID, sender and Date" : "") + ") and were not stored again");
            if (report.FlaggedMails.Count > 0)
                log.Info(report.FlaggedMails.Count + " mail(s) stored with defects (fund_mail.defects): UID(s) " +
                         string.Join(",", report.FlaggedMails.Select(f => f.Uid)));
        }

        private static void Checkpointed(Checkpoint next, StoreLayout layout, CycleReport report)
        {
            next.Write(layout.BaseDir);
            report.LastUid = next.LastUid;
            report.RetryUids = next.RetryUids;
        }
    }
}
