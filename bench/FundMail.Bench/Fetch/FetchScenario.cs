using System.Collections.Generic;
using System.Threading.Tasks;

namespace FundMail.Bench.Fetch
{
    /// <summary>
    /// T1 ingest: every mail of the INBOX (2,000 mails ≈ 379 MB) fetched, parsed and stored by FundMail, against
    /// fetch-only peers (mbsync, a batched and a naive imaplib script), on loopback and then over the delayed link.
    /// Our durable ingest is compared with mbsync's default FSync yes; FSync no and our raw fetch are shown beside them.
    /// </summary>
    internal static class FetchScenario
    {
        public const string Name = "ingest";

        public static async Task RunAsync(BenchRun run)
        {
            var corpus = await run.InboxAsync();
            var make = new IngestContenders(run, run.Folder("ingest"), corpus.Mails);
            var parameters = new Dictionary<string, object>
            {
                ["mails"] = corpus.Mails,
                ["bytes"] = corpus.Bytes,
                ["withAttachments"] = corpus.WithAttachments,
            };
            var what = $"{corpus.Mails} mails ({Report.Megabytes(corpus.Bytes)}, {corpus.WithAttachments} with attachments) from Dovecot over IMAPS";

            var ingest = make.Ingest(null);
            var mbsync = make.MbsyncRow(fsync: true, null);
            var loopback = new[]
            {
                ingest, mbsync, make.MbsyncRow(fsync: false, null), make.ImaplibRow(naive: false, null), make.ImaplibRow(naive: true, null), make.RawFetch(null),
            };
            await Repetitions.RunAsync(loopback, run.Options.Reps);
            run.Add(new ScenarioResult("ingest loopback", "T1 ingest " + what + ", loopback", loopback, parameters));

            // The loopback rounds warmed Dovecot's indexes and the page cache: no warm-up round on the slow link.
            var net = run.Net;
            var slowIngest = make.Ingest(net);
            var slowMbsync = make.MbsyncRow(fsync: true, net);
            var slowImaplib = make.ImaplibRow(naive: false, net);
            var delayed = new[] { slowIngest, slowMbsync, make.MbsyncRow(fsync: false, net), slowImaplib };
            await Repetitions.RunAsync(delayed, run.Options.Reps, warmUp: false);
            run.Add(new ScenarioResult("ingest " + net.Label, "T1 ingest " + what + ", RTT " + net.Label, delayed, parameters));
            await run.CheckNetAsync("ingest " + net.Label);

            const string durable = "ours is durable (files and DB flushed at commit); mbsync FSync yes fsyncs each mail";
            run.Targets.Add(new Target("T1", $"ingest {corpus.Mails} mails, loopback", ingest, mbsync, 1.0, durable));
            run.Targets.Add(new Target("T1", $"ingest {corpus.Mails} mails, {net.Label}", slowIngest, slowMbsync, 1.0));
            run.Targets.Add(new Target("T1", $"ingest {corpus.Mails} mails, {net.Label}", slowIngest, slowImaplib, 1.0,
                "imaplib writes files without fsync"));
        }
    }
}
