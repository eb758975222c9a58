using System;
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
    /// Fetch → parse → store for one cycle, then the checkpoint. Messages stream from the server into spool files
    /// while the <see cref="CapturePipeline"/> parses them and adds them, in order, to one batch; the checkpoint moves
    /// only after the batch is committed, recorded in the ledger and queued for upload. A mail that fails on its own is
    /// stored flagged or retried on the next run (see <see cref="CapturePipeline"/>), never the batch. Fills the fetch, parse, store
    /// and commit timings (each stage's own busy time: fetch excludes waiting for the parser).
    /// </summary>
    public static class MailCapture
    {
        public static async Task RunAsync(IMailboxClient client, MailboxState state, Checkpoint? checkpoint, StoreSettings store, Ledger ledger,
            Outbox outbox, CycleReport report, ILog log, DateTimeOffset now, CancellationToken ct)
        {
            var layout = store.Layout;
            var plan = await FetchPlan.DecideAsync(client, state, checkpoint, store.FirstRun, ledger, now, log, ct).ConfigureAwait(false);
            var next = new Checkpoint
            {
                UidValidity = state.UidValidity,
                LastUid = Math.Max(plan.FloorUid, plan.Uids.Count == 0 ? 0 : plan.Uids.Max()),
                LastEmailId = checkpoint?.UidValidity == state.UidValidity ? checkpoint.LastEmailId : null,
                LastTime = checkpoint?.LastTime,
            };
            report.UidValidity = next.UidValidity;
            if (plan.Uids.Count == 0)
            {
                log.Verbose("no new mail");
                Finish(next, layout, report);
                return;
            }

            log.Info("fetching " + plan.Uids.Count + " message(s)");
            var spool = Path.Combine(layout.SpoolDir, "fetch");
            Directory.CreateDirectory(spool);
            uint newestUid = 0;
            using var batch = StoreBatch.Begin(layout, now, ledger);
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
                result = await client.FetchAsync(plan.Uids, spool, fetched =>
                {
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
            report.Timings["fetch"] = (fetchTime.Elapsed - pipeline.ReaderWaited).TotalSeconds;
            report.Timings["parse"] = pipeline.ParseSeconds;
            report.Timings["store"] = pipeline.StoreSeconds;

            if (report.MailsAlreadyStored > 0)
                log.Warning(report.MailsAlreadyStored + " fetched mail(s) were stored before (same email id and content" +
                            (plan.Relisting ? ", or same Message-ID, sender and Date" : "") + ") and were not stored again");
            // Listed but not stored: the server returned nothing, or the spooled message could not be read back.
            var unstored = result.Missing.Union(pipeline.Unstored).OrderBy(uid => uid).ToList();
            next.RetryUids = unstored;
            if (result.Missing.Count > 0)
                log.Warning("the server listed UID(s) " + string.Join(",", result.Missing) + " but did not return them; they are retried on the next run");
            foreach (var problem in pipeline.Problems)
            {
                log.Warning(problem);
                report.Warnings.Add(problem);
            }
            if (report.FlaggedMails.Count > 0)
                log.Info(report.FlaggedMails.Count + " mail(s) stored with defects (fund_mail.defects): UID(s) " +
                         string.Join(",", report.FlaggedMails.Select(f => f.Uid)));
            if (batch.MailCount > 0)
            {
                var commitTime = Stopwatch.StartNew();
                batch.RecordFetch(state.UidValidity, plan.Uids, unstored);
                var stored = batch.Commit();
                ledger.Record(stored.DbPath);
                outbox.Queue(stored.DbPath);
                report.Timings["commit"] = commitTime.Elapsed.TotalSeconds;
                report.DbPath = stored.DbPath;
                report.MailsStored = stored.MailCount;
                log.Info("stored " + stored.MailCount + " mail(s) in " + Path.GetFileName(stored.DbPath));
            }
            Finish(next, layout, report);
            if (batch.MailCount > 0)
                batch.Complete();
        }

        private static void Finish(Checkpoint next, StoreLayout layout, CycleReport report)
        {
            next.Write(layout.BaseDir);
            report.LastUid = next.LastUid;
            report.RetryUids = next.RetryUids;
        }
    }
}
