using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
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
    /// committed, recorded in the ledger, queued for upload and checkpointed before the next is fetched, so a kill, a
    /// fetch error, throttling or the task's time limit loses at most the batch under way, and a backlog of any size
    /// drains over successive runs. Messages stream from the server into spool files while the <see cref="CapturePipeline"/>
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

            var sizer = new BatchSizer(store.BatchMaxMails, store.BatchMaxBytes);
            var missed = new SortedSet<uint>();
            var done = 0;
            do
            {
                var uids = plan.Uids.Skip(done).Take(sizer.NextCount()).ToList();
                var committed = uids.Count == 0 ? null
                    : await CaptureBatchAsync(client, state, plan, uids, layout, ledger, outbox, report, log, now, next, missed, sizer, ct).ConfigureAwait(false);
                done += uids.Count;
                if (uids.Count > 0)
                    next.LastUid = Math.Max(next.LastUid, uids[uids.Count - 1]);
                if (done == plan.Uids.Count)
                    next.LastUid = Math.Max(next.LastUid, plan.FloorUid);
                if (next.RelistThrough <= next.LastUid)
                    next.RelistThrough = null;
                // Planned UIDs not yet fetched that lie at or below the new last UID (earlier retries) stay on the retry list.
                next.RetryUids = missed.Union(plan.Uids.Skip(done).Where(uid => uid <= next.LastUid)).OrderBy(uid => uid).ToList();
                Checkpointed(next, layout, report);
                committed?.Complete();
            }
            while (done < plan.Uids.Count);

            if (report.MailsAlreadyStored > 0)
                log.Warning(report.MailsAlreadyStored + " fetched mail(s) were stored before (same email id and content" +
                            (plan.Relisting ? ", or same Message-ID, sender and Date" : "") + ") and were not stored again");
            if (report.FlaggedMails.Count > 0)
                log.Info(report.FlaggedMails.Count + " mail(s) stored with defects (fund_mail.defects): UID(s) " +
                         string.Join(",", report.FlaggedMails.Select(f => f.Uid)));
        }

        /// <summary>
        /// Fetches <paramref name="uids"/> into one new batch and commits it (ledgered and queued); the caller writes the
        /// checkpoint, then completes the returned batch. Null when no mail was new (all stored before, or none returned).
        /// </summary>
        private static async Task<StoreBatch?> CaptureBatchAsync(IMailboxClient client, MailboxState state, FetchPlan plan, IReadOnlyList<uint> uids,
            StoreLayout layout, Ledger ledger, Outbox outbox, CycleReport report, ILog log, DateTimeOffset now, Checkpoint next, ISet<uint> missed,
            BatchSizer sizer, CancellationToken ct)
        {
            var spool = Path.Combine(layout.SpoolDir, "fetch");
            Directory.CreateDirectory(spool);
            uint newestUid = 0;
            using var batch = StoreBatch.Begin(layout, DateTimeOffset.Now, ledger);
            using var pipeline = new CapturePipeline(Path.Combine(layout.SpoolDir, "parts"), state.UidValidity, mail =>
            {
                if (mail.Uid > newestUid)
                {
                    newestUid = mail.Uid;
                    next.LastEmailId = mail.EmailId;
                    next.LastTime = mail.ReceivedTime;
                }
                if (!ledger.HasMail(mail.EmailId, mail.RawSha256) && !(plan.Relisting && ledger.HasSameMail(mail)) && batch.Add(mail, now))
                {
                    if (mail.Defects.Count > 0)
                        report.FlaggedMails.Add(new FlaggedMail(mail.Uid, mail.EmailId, mail.Defects));
                    return true;
                }
                report.MailsAlreadyStored++;
                return false;
            });
            var fetchTime = Stopwatch.StartNew();
            FetchResult result;
            try
            {
                result = await client.FetchAsync(uids, spool, fetched =>
                {
                    sizer.Fetched(fetched.RawLength);
                    if (plan.NotBefore != null && fetched.InternalDate < plan.NotBefore.Value)
                    {
                        File.Delete(fetched.RawPath);
                        return Task.CompletedTask;
                    }
                    return pipeline.PostAsync(fetched, ct);
                }, ct).ConfigureAwait(false);
                fetchTime.Stop();
                await pipeline.CompleteAsync().ConfigureAwait(false);
            }
            catch
            {
                // The batch is undone when disposed: no stage may still be adding to it then.
                await pipeline.AbandonAsync().ConfigureAwait(false);
                throw;
            }
            AddTiming(report, "fetch", (fetchTime.Elapsed - pipeline.ReaderWaited).TotalSeconds);
            AddTiming(report, "parse", pipeline.ParseSeconds);
            AddTiming(report, "store", pipeline.StoreSeconds);

            // Listed but not stored: the server returned nothing, or the spooled message could not be read back.
            var unstored = result.Missing.Union(pipeline.Unstored).OrderBy(uid => uid).ToList();
            missed.UnionWith(unstored);
            if (result.Missing.Count > 0)
                log.Warning("the server listed UID(s) " + string.Join(",", result.Missing) + " but did not return them; they are retried on the next run");
            foreach (var problem in pipeline.Problems)
            {
                log.Warning(problem);
                report.Warnings.Add(problem);
            }
            if (batch.MailCount == 0)
                return null;
            var commitTime = Stopwatch.StartNew();
            batch.RecordFetch(state.UidValidity, uids, unstored, next.RelistThrough);
            var stored = batch.Commit();
            ledger.Record(stored.DbPath);
            outbox.Queue(stored.DbPath);
            AddTiming(report, "commit", commitTime.Elapsed.TotalSeconds);
            report.DbPath = stored.DbPath;
            report.Batches++;
            report.MailsStored += stored.MailCount;
            log.Info("stored " + stored.MailCount + " mail(s) in " + Path.GetFileName(stored.DbPath));
            return batch;
        }

        private static void AddTiming(CycleReport report, string stage, double seconds) =>
            report.Timings[stage] = (report.Timings.TryGetValue(stage, out var before) ? before : 0) + seconds;

        private static void Checkpointed(Checkpoint next, StoreLayout layout, CycleReport report)
        {
            next.Write(layout.BaseDir);
            report.LastUid = next.LastUid;
            report.RetryUids = next.RetryUids;
        }
    }
}
