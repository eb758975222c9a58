using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Chaos
{
    /// <summary>
    /// Kill windows too narrow for the random chaos loop to hit reliably, reproduced exactly: the files are put in the
    /// state a SIGKILL at that instruction leaves, then real cycles run on.
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
        /// Run 1 commits its batch (the DB has its final name) and is killed before <c>ledger.Record</c>. Run 2's
        /// <c>BatchRecovery.Recover</c> sees the DB, deletes the batch journal and returns it; CycleRunner then calls
        /// <c>ledger.Record(db)</c> and is killed before <c>outbox.Queue(db)</c>. Left behind: the DB, recorded in the
        /// ledger, no journal, no outbox marker, the checkpoint from before run 1. Run 3 fetches those mails again,
        /// the ledger says they are stored, they are discarded, and no outbox marker ever ships them.
        /// </summary>
        [Fact]
        public async Task A_run_killed_between_recording_and_queueing_a_recovered_batch_loses_no_mail()
        {
            var (env, baseDir, remoteDir) = await _fixture.NewRunAsync("recovery-" + Guid.NewGuid().ToString("N").Substring(0, 8), ("FIRST_RUN", "latest"));
            var mail = new ChaosMail(777, _fixture.Servers.Dovecot.Mailbox);
            mail.Make(1);
            await mail.DeliverAsync();
            await CycleAsync(env, "baseline");
            var checkpointBefore = File.ReadAllText(Path.Combine(baseDir, "LAST_TIME.json"));

            // The same ledger-recorded, committed DB as run 2 leaves, built by a real run that could not upload.
            mail.Make(3);
            await mail.DeliverAsync();
            _fixture.Servers.Sshd!.Kill();
            try
            {
                var stored = await CycleAsync(env, "stored, SFTP down");
                Assert.Contains("stored 3 mail(s)", stored);
            }
            finally
            {
                await _fixture.Servers.Sshd!.RestartAsync();
            }
            foreach (var marker in Directory.GetFiles(Path.Combine(baseDir, "outbox")))
                File.Delete(marker);
            File.WriteAllText(Path.Combine(baseDir, "LAST_TIME.json"), checkpointBefore);
            Assert.Empty(Directory.GetFiles(Path.Combine(baseDir, ".spool"), "*", SearchOption.AllDirectories));

            await CycleAsync(env, "run 3");
            await CycleAsync(env, "run 4");
            var audit = ServerAudit.Check(remoteDir, mail.Delivered);
            _output.WriteLine(audit.ToString());
            foreach (var problem in audit.Problems)
                _output.WriteLine("PROBLEM: " + problem);
            Assert.Equal(0, audit.Missing);
            Assert.Equal(0, audit.Duplicated);
        }

        private async Task<string> CycleAsync(string env, string what)
        {
            using var cycle = CycleProcess.Start(_fixture.HostDll, env);
            var code = await cycle.WaitAsync(TimeSpan.FromMinutes(2));
            _output.WriteLine(what + ": exit " + code + ": " + cycle.Stdout.Trim() + " " + cycle.Stderr.Trim());
            Assert.Equal(0, code);
            return cycle.Stdout;
        }
    }
}
