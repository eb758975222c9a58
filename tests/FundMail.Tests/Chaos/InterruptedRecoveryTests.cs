using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using FundMail.Mime;
using FundMail.Store;
using FundMail.TestServers.Mail;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Chaos
{
    /// <summary>
    /// Kill windows too narrow for the random chaos loop to hit: the runs that die in them are replayed with the engine's
    /// own calls, in CycleRunner's order, up to the killed instruction; then real `fundmail cycle` processes go on.
    /// </summary>
    [Collection(ChaosCollection.Name)]
    public sealed class InterruptedRecoveryTests
    {
        private readonly ChaosFixture _fixture;
        private readonly ITestOutputHelper _output;

        public InterruptedRecoveryTests(ChaosFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        /// <summary>
        /// Run 1 commits its batch and records it in the ledger, then dies before <c>outbox.Queue</c> (the journal stays).
        /// Run 2 recovers it, calls <c>ledger.Record(db)</c> and dies before <c>outbox.Queue(db)</c>. Run 3 must still ship
        /// those mails: the journal stays until the batch is queued, and the ledger knows the batch was never shipped.
        /// (Before that was so, run 3 fetched the mails again, the ledger called them stored, and nothing shipped them.)
        /// </summary>
        [Fact]
        public async Task A_run_killed_between_recording_and_queueing_a_recovered_batch_loses_no_mail()
        {
            var (env, baseDir, remoteDir) = await _fixture.NewRunAsync("recovery-" + Guid.NewGuid().ToString("N").Substring(0, 8), ("FIRST_RUN", "latest"));
            var delivered = new Dictionary<string, ExpectedMail>(StringComparer.Ordinal);
            await DeliverAsync(0, delivered);
            await CycleAsync(env, "baseline");

            var uidValidity = (await _fixture.Servers.Dovecot.Mailbox.GetStatusAsync()).UidValidity;
            var mails = new List<(uint uid, byte[] bytes)>();
            for (var index = 1; index <= 3; index++)
                mails.Add(await DeliverAsync(index, delivered));

            // Run 1, as MailCapture does it, killed after ledger.Record and before outbox.Queue.
            var layout = new StoreLayout(baseDir);
            var now = DateTimeOffset.Now;
            using (var ledger = Ledger.Open(baseDir))
            {
                var batch = StoreBatch.Begin(layout, now, ledger);
                var parser = new MimeParser();
                var parse = new MimeParseOptions { AttachmentDirectory = Path.Combine(layout.SpoolDir, "parts") };
                Directory.CreateDirectory(Path.Combine(layout.SpoolDir, "fetch"));
                foreach (var (uid, bytes) in mails)
                {
                    var raw = Path.Combine(layout.SpoolDir, "fetch", uid + ".eml");
                    File.WriteAllBytes(raw, bytes);
                    var mail = parser.Parse(raw, parse);
                    mail.Uid = uid;
                    mail.UidValidity = uidValidity;
                    mail.ReceivedTime = now;
                    Assert.True(batch.Add(mail, now));
                }
                ledger.Record(batch.Commit().DbPath);
            }

            // Run 2, as CycleRunner starts, killed after ledger.Record(db) and before outbox.Queue(db).
            using (var ledger = Ledger.Open(baseDir))
            {
                foreach (var recovered in BatchRecovery.Recover(layout))
                    ledger.Record(recovered.DbPath);
            }

            await CycleAsync(env, "run 3");
            await CycleAsync(env, "run 4");
            var audit = ServerAudit.Check(remoteDir, delivered, Array.Empty<string>());
            _output.WriteLine(audit.ToString());
            foreach (var problem in audit.Problems)
                _output.WriteLine("PROBLEM: " + problem);
            Assert.Equal(0, audit.Missing);
            Assert.Equal(0, audit.Duplicated);
            Assert.Empty(audit.Problems);
        }

        private async Task<(uint uid, byte[] bytes)> DeliverAsync(int index, Dictionary<string, ExpectedMail> delivered)
        {
            using var buffer = new MemoryStream();
            var info = SampleMail.Write(buffer, 777, index, index % 2 == 1 ? new long[] { 100_000 } : Array.Empty<long>());
            var bytes = buffer.ToArray();
            var id = ChaosMail.Normalize(info.MessageId);
            var expected = new ExpectedMail(id, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, info.Attachments);
            delivered[expected.Key] = expected;
            return (await _fixture.Servers.Dovecot.Mailbox.AppendAsync(bytes), bytes);
        }

        private async Task CycleAsync(string env, string what)
        {
            using var cycle = CycleProcess.Start(_fixture.HostDll, env);
            var code = await cycle.WaitAsync(TimeSpan.FromMinutes(2));
            _output.WriteLine(what + ": exit " + code + ": " + cycle.Stdout.Trim() + " " + cycle.Stderr.Trim());
            Assert.Equal(0, code);
        }
    }
}
