using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using FundMail.Bench.Cycle;
using FundMail.TestServers.Mail;

namespace FundMail.Bench.Memory
{
    /// <summary>
    /// T5 memory: a whole `fundmail cycle` (fetch, parse, store, upload, checkpoint) whose batch is one mail with a
    /// 200 MB attachment, alone in its own folder, on loopback. Streams, not buffers: peak RSS must stay within the limit.
    /// The limit is checked for this and every other process of ours in the run (see the summary's T5 lines).
    /// </summary>
    internal static class BigAttachmentScenario
    {
        public const string Name = "memory";
        private const string Folder = "Big";

        public static async Task RunAsync(BenchRun run)
        {
            var megabytes = run.Options.AttachmentMegabytes;
            var mail = Path.Combine(run.Folder("memory"), "big.eml");
            long mailBytes;
            using (var file = new FileStream(mail, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                SampleMail.Write(file, run.Options.Seed, 0, new[] { (long)megabytes * 1000 * 1000 }, 2000);
                mailBytes = file.Length;
            }
            await run.Servers.Dovecot.Mailbox.CreateFolderAsync(Folder);
            await run.Servers.Dovecot.Mailbox.AppendFileAsync(mail, Folder);
            File.Delete(mail);

            var json = await HostCycle.SupportsJsonAsync();
            var cycle = await HostCycle.CreateAsync(run.Servers, Path.Combine(run.Root, "memory-cycle"), Folder);
            var row = new Contender($"fundmail cycle, one {megabytes} MB attachment", () => cycle.Command(json),
                () => { cycle.Reset(); return Task.CompletedTask; }, sample => cycle.Verify(sample, 1)) { Ours = true };
            await Repetitions.RunAsync(new[] { row }, run.Options.Reps, warmUp: false);
            run.Add(new ScenarioResult("memory", $"T5 `fundmail cycle` of one mail ({Report.Megabytes(mailBytes)}) with a {megabytes} MB attachment, loopback",
                new[] { row }, new Dictionary<string, object> { ["attachmentBytes"] = (long)megabytes * 1000 * 1000, ["mailBytes"] = mailBytes }));
        }
    }
}
