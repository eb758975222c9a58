using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using FundMail.Store;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Chaos
{
    /// <summary>
    /// A backlog is captured in bounded batches, each committed, queued and checkpointed before the next: real `fundmail
    /// cycle` processes, SIGKILLed mid-backlog, keep what they committed and the next run goes on from there.
    /// </summary>
    [Collection(ChaosCollection.Name)]
    public sealed class BatchedBacklogTests
    {
        private readonly ChaosFixture _fixture;
        private readonly ITestOutputHelper _output;

        public BatchedBacklogTests(ChaosFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public async Task A_backlog_goes_in_capped_batches_and_a_run_killed_after_the_second_keeps_them_and_the_next_goes_on()
        {
            var (env, baseDir, remoteDir) = await _fixture.NewRunAsync("batches-" + Guid.NewGuid().ToString("N").Substring(0, 8),
                ("FIRST_RUN", "latest"), ("BATCH_MAX_MAILS", "25"));
            var mail = new ChaosMail(4711, _fixture.Servers.Dovecot.Mailbox, copies: false);
            var baseline = await BaselineAsync(env, baseDir, mail);
            var baselineUid = LastUid(baseDir);
            // Enough batches (17) that a kill sent once two are checkpointed lands mid-way on an idle machine too.
            mail.Make(410);
            Assert.Equal(410, await mail.DeliverAsync());

            // Killed the moment the checkpoint shows two batches done.
            using (var cycle = CycleProcess.Start(_fixture.HostDll, env))
            {
                var clock = Stopwatch.StartNew();
                while (!cycle.HasExited && LastUid(baseDir) < baselineUid + 50 && clock.Elapsed < TimeSpan.FromMinutes(2))
                    await Task.Delay(3);
                Assert.True(cycle.Kill(), "the cycle ended before two batches were checkpointed: " + cycle.Stdout + cycle.Stderr);
                await cycle.WaitAsync(TimeSpan.FromMinutes(1));
            }
            var kept = StoredMails(baseDir, except: baseline);
            _output.WriteLine("killed at checkpoint UID " + LastUid(baseDir) + " (baseline " + baselineUid + "), " + kept + " mail(s) kept");
            Assert.True(kept >= 50 && kept < 410, kept + " mails kept after the kill");
            Assert.Equal(0, kept % 25);

            using (var cycle = CycleProcess.Start(_fixture.HostDll, env))
            {
                Assert.Equal(0, await cycle.WaitAsync(TimeSpan.FromMinutes(2)));
                _output.WriteLine(cycle.Stdout.Trim());
                Assert.Contains("stored " + (410 - kept) + " mail(s)", cycle.Stdout);
            }

            var batches = Directory.GetFiles(baseDir, "fm_*.db").Where(db => Path.GetFileName(db) != baseline).OrderBy(db => db, StringComparer.Ordinal).ToList();
            var planned = batches.Select(db => FetchedUids.Read(db, UidValidity(baseDir)).planned.Count).OrderByDescending(n => n).ToList();
            Assert.Equal(Enumerable.Repeat(25, 16).Append(10), planned);
            Assert.Equal(410, batches.Sum(MailCount));
            AssertAllOnServerOnce(remoteDir, mail);
        }

        /// <summary>
        /// The acceptance: cycles killed every 2.5 s against a large backlog store at least a quarter of it within 8
        /// runs, with the default batch settings; free runs then put every mail on the server exactly once. The suite runs
        /// 600 mails; FUNDMAIL_LIVENESS_MAILS=2000 (tests/chaos/run) runs the full size.
        /// </summary>
        [Fact]
        public async Task A_backlog_whose_runs_are_killed_every_2_5_s_still_drains()
        {
            var size = int.TryParse(Environment.GetEnvironmentVariable("FUNDMAIL_LIVENESS_MAILS"), out var n) && n > 0 ? n : 600;
            var (env, baseDir, remoteDir) = await _fixture.NewRunAsync("liveness-" + Guid.NewGuid().ToString("N").Substring(0, 8), ("FIRST_RUN", "latest"));
            var mail = new ChaosMail(8080, _fixture.Servers.Dovecot.Mailbox, copies: false);
            var baseline = await BaselineAsync(env, baseDir, mail);
            mail.Make(size);
            Assert.Equal(size, await mail.DeliverAsync());

            for (var run = 1; run <= 8; run++)
            {
                using var cycle = CycleProcess.Start(_fixture.HostDll, env);
                await Task.WhenAny(cycle.WaitAsync(TimeSpan.FromMinutes(1)), Task.Delay(2500));
                var killed = cycle.Kill();
                await cycle.WaitAsync(TimeSpan.FromMinutes(1));
                LogAndClear(baseDir);
                _output.WriteLine("killed run " + run + ": " + (killed ? "killed" : "ended first") + ", " + StoredMails(baseDir, baseline) + " of " + size + " stored");
            }
            var stored = StoredMails(baseDir, baseline);
            _output.WriteLine("liveness: " + stored + " of " + size + " stored within 8 runs killed every 2.5 s");
            Assert.True(stored * 4 >= size, stored + " of " + size + " stored within 8 killed runs; at least a quarter wanted");

            for (var free = 1; ; free++)
            {
                Assert.True(free <= 10, "10 free runs did not drain the backlog");
                using var cycle = CycleProcess.Start(_fixture.HostDll, env);
                Assert.Equal(0, await cycle.WaitAsync(TimeSpan.FromMinutes(3)));
                _output.WriteLine("free run " + free + ": " + cycle.Stdout.Trim());
                if (cycle.Stdout.Contains("stored 0 mail(s)") && cycle.Stdout.Contains(" 0 batch(es) queued"))
                    break;
            }
            AssertAllOnServerOnce(remoteDir, mail);
        }

        /// <summary>What the killed run logged (when it started fetching, each batch it stored), to read its timing.</summary>
        private void LogAndClear(string baseDir)
        {
            foreach (var log in Directory.GetFiles(Path.Combine(baseDir, "logs")))
            {
                foreach (var line in File.ReadAllLines(log))
                    _output.WriteLine("  " + line);
                File.Delete(log);
            }
        }

        /// <summary>FIRST_RUN=latest: one mail and one run set the start; returns the baseline DB's name.</summary>
        private async Task<string> BaselineAsync(string env, string baseDir, ChaosMail mail)
        {
            mail.Make(1);
            Assert.Equal(1, await mail.DeliverAsync());
            using var cycle = CycleProcess.Start(_fixture.HostDll, env);
            Assert.Equal(0, await cycle.WaitAsync(TimeSpan.FromMinutes(2)));
            return Path.GetFileName(Assert.Single(Directory.GetFiles(baseDir, "fm_*.db")));
        }

        private void AssertAllOnServerOnce(string remoteDir, ChaosMail mail)
        {
            var audit = ServerAudit.Check(remoteDir, mail.Delivered, mail.Expunged);
            _output.WriteLine(audit.ToString());
            foreach (var problem in audit.Problems.Take(20))
                _output.WriteLine("PROBLEM: " + problem);
            Assert.Equal(0, audit.Duplicated);
            Assert.Equal(0, audit.Missing);
            Assert.Equal(audit.Delivered, audit.OnServer);
            Assert.Empty(audit.Problems);
        }

        private static int StoredMails(string baseDir, string except) =>
            Directory.GetFiles(baseDir, "fm_*.db").Where(db => Path.GetFileName(db) != except).Sum(MailCount);

        private static int MailCount(string db)
        {
            using var connection = MailDb.OpenReadOnly(db);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM fund_mail";
            return Convert.ToInt32(command.ExecuteScalar());
        }

        private static uint LastUid(string baseDir) => Read(baseDir)?.GetProperty("last_uid").GetUInt32() ?? 0;

        private static uint UidValidity(string baseDir) => Read(baseDir)!.Value.GetProperty("uid_validity").GetUInt32();

        private static JsonElement? Read(string baseDir)
        {
            try
            {
                return JsonDocument.Parse(File.ReadAllText(Path.Combine(baseDir, "LAST_TIME.json"))).RootElement.Clone();
            }
            catch (Exception e) when (e is IOException || e is JsonException)
            {
                return null; // not written yet, or being replaced
            }
        }
    }
}
