using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Imap;
using FundMail.Logging;
using FundMail.Mime;
using FundMail.Store;
using FundMail.Util;

namespace FundMail.Cycle
{
    /// <summary>
    /// Fetch → parse → store for one cycle, then the checkpoint. Messages stream from the server into spool files
    /// while a worker parses them and adds them, in order, to one batch; the checkpoint moves only after the batch is
    /// committed, recorded in the ledger and queued for upload. Fills the fetch, parse, store and commit timings
    /// (each stage's own busy time: fetch excludes waiting for the parser).
    /// </summary>
    public static class MailCapture
    {
        /// <summary>
        /// Fetched messages waiting to be parsed. Each is a spool file, so memory does not grow with it; the bound only
        /// keeps the spool from filling up when parsing is the slower side.
        /// </summary>
        private const int QueueDepth = 64;

        public static async Task RunAsync(IMailboxClient client, MailboxState state, Checkpoint? checkpoint, StoreSettings store, Ledger ledger,
            Outbox outbox, CycleReport report, ILog log, DateTimeOffset now, CancellationToken ct)
        {
            var layout = store.Layout;
            var plan = await FetchPlan.DecideAsync(client, state, checkpoint, store.FirstRun, now, log, ct).ConfigureAwait(false);
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
            var parser = new MimeParser();
            var parse = new MimeParseOptions { AttachmentDirectory = Path.Combine(layout.SpoolDir, "parts") };
            var spool = Path.Combine(layout.SpoolDir, "fetch");
            Directory.CreateDirectory(spool);
            uint newestUid = 0;
            var parseTime = new Stopwatch();
            var storeTime = new Stopwatch();
            using var batch = StoreBatch.Begin(layout, now, ledger);
            // Parsing and storing run on their own thread, in fetch order, while the reader goes on with the next messages.
            using var worker = new OrderedWorker<FetchedMessage>(QueueDepth, fetched =>
            {
                parseTime.Start();
                var mail = parser.Parse(fetched.RawPath, parse);
                mail.Uid = fetched.Uid;
                mail.UidValidity = state.UidValidity;
                mail.ReceivedTime = fetched.InternalDate;
                parseTime.Stop();
                storeTime.Start();
                try
                {
                    if (ledger.HasMail(mail.EmailId, mail.RawSha256) || !batch.Add(mail, now))
                    {
                        report.MailsAlreadyStored++;
                        Discard(mail);
                    }
                }
                catch
                {
                    Discard(mail); // the batch is undone; these are its scratch files (or placed ones the undo would delete)
                    throw;
                }
                storeTime.Stop();
                if (fetched.Uid > newestUid)
                {
                    newestUid = fetched.Uid;
                    next.LastEmailId = mail.EmailId;
                    next.LastTime = fetched.InternalDate;
                }
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
                    return PostAsync(worker, fetched, ct);
                }, ct).ConfigureAwait(false);
                fetchTime.Stop();
                await worker.CompleteAsync().ConfigureAwait(false);
            }
            catch
            {
                // The batch is undone when disposed: nothing may still be adding to it then.
                foreach (var dropped in await worker.AbandonAsync().ConfigureAwait(false))
                    File.Delete(dropped.RawPath);
                // A parse or store failure surfaces in the fetch callback, which the session reports as a broken fetch: say what really failed.
                worker.ThrowIfFailed();
                throw;
            }
            report.Timings["fetch"] = (fetchTime.Elapsed - worker.ProducerWaited).TotalSeconds;
            report.Timings["parse"] = parseTime.Elapsed.TotalSeconds;
            report.Timings["store"] = storeTime.Elapsed.TotalSeconds;

            if (report.MailsAlreadyStored > 0)
                log.Warning(report.MailsAlreadyStored + " fetched mail(s) were stored before (same email id and content) and were not stored again");
            next.RetryUids = result.Missing.ToList();
            if (result.Missing.Count > 0)
                log.Warning("the server listed UID(s) " + string.Join(",", result.Missing) + " but did not return them; they are retried on the next run");
            if (batch.MailCount > 0)
            {
                var commitTime = Stopwatch.StartNew();
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

        private static async Task PostAsync(OrderedWorker<FetchedMessage> worker, FetchedMessage fetched, CancellationToken ct)
        {
            try
            {
                await worker.PostAsync(fetched, ct).ConfigureAwait(false);
            }
            catch
            {
                File.Delete(fetched.RawPath);
                throw;
            }
        }

        private static void Finish(Checkpoint next, StoreLayout layout, CycleReport report)
        {
            next.Write(layout.BaseDir);
            report.LastUid = next.LastUid;
            report.RetryUids = next.RetryUids;
        }

        /// <summary>Removes the files of a mail that is not stored (already stored earlier, or its batch failed).</summary>
        private static void Discard(MailMessage mail)
        {
            File.Delete(mail.RawPath);
            foreach (var attachment in mail.Attachments)
                File.Delete(attachment.ContentPath);
        }
    }
}
