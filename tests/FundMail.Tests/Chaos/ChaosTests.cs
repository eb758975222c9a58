using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Chaos
{
    /// <summary>
    /// Real `fundmail cycle` processes against real Dovecot and sshd while mail keeps arriving, processes are SIGKILLed and
    /// servers go down: every delivered mail must end up on the server exactly once, whole.
    /// </summary>
    [Collection(ChaosCollection.Name)]
    public sealed class ChaosTests
    {
        private readonly ChaosFixture _fixture;
        private readonly ITestOutputHelper _output;

        public ChaosTests(ChaosFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public async Task Every_delivered_mail_is_on_the_server_exactly_once_after_kills_and_outages()
        {
            var options = ChaosOptions.FromEnvironment();
            void Log(string line)
            {
                _output.WriteLine(line);
                if (options.LogFile != null)
                    File.AppendAllText(options.LogFile, line + Environment.NewLine);
            }

            var result = await new ChaosRun(_fixture, options, Log).RunAsync();
            var audit = result.Audit;

            Log(audit.ToString());
            Log("seed " + options.Seed + ", " + result.Iterations + " iterations, " + result.Cycles + " cycle processes, " +
                              result.Duration.TotalSeconds.ToString("F0") + " s");
            Log("kills " + result.Kills.Count + " (" + string.Join(", ", result.Kills.GroupBy(k => k.point).OrderBy(g => g.Key)
                                  .Select(g => g.Key + " " + g.Count())) + "), missed " + result.MissedKills + "; at the kill: " +
                              result.Kills.Count(k => k.observed.Contains("temp DB")) + " with a temp DB open, " +
                              result.Kills.Count(k => k.observed.Contains("upload")) + " with an upload in flight");
            Log("outages " + result.Outages.Total + " (IMAP " + result.Outages.ImapOutages + ", SFTP " + result.Outages.SftpOutages +
                              ", " + result.Outages.MidCycle + " begun mid-cycle); deliveries refused " + result.DeliveryFailures);
            Log("faults: " + result.Backlogs + " backlogs, " + result.Expunges + " mails expunged mid-cycle (" + result.ExpungedMidFetch + " as FETCH began), " +
                (result.DiskFullSkipped == null ? result.DiskFulls + " times BASE_DIR's disk full (" + result.DiskFullFailures + " unkilled cycles failed on it)" : "disk full skipped (" + result.DiskFullSkipped + ")") + ", " +
                result.LogFolderFaults + " cycles with an unwritable log folder; " + result.IdenticalCopies + " byte-identical copies delivered, " +
                result.SharedMessageIds + " Message-IDs delivered with different content");
            Log("exit codes of unkilled cycles: " + string.Join(", ", result.ExitCodes.Select(e => e.Key + "×" + e.Value)) +
                              "; settled after " + result.SettleCycles + " cycle(s)");
            Log(audit.Databases + " DBs and " + audit.FilesChecked + " files checked on the server, " +
                              audit.LeftoverTempFiles + " upload temp file(s) left for the uploader's sweep");
            foreach (var problem in audit.Problems.Take(40))
                Log("PROBLEM: " + problem);
            foreach (var failure in result.HealthyFailures.Take(20))
                Log("FAILED RUN: " + failure);

            Assert.True(result.Kills.Count >= options.Kills, result.Kills.Count + " kills, " + options.Kills + " wanted");
            if (options.Kills >= 5)
                Assert.All(Enum.GetValues<KillPoint>(), p => Assert.Contains(result.Kills, k => k.point == p));
            Assert.True(result.Outages.Total >= options.Outages, result.Outages.Total + " outages, " + options.Outages + " wanted");
            Assert.True(audit.Delivered >= options.Mails, audit.Delivered + " mails delivered, " + options.Mails + " wanted");
            Assert.Equal(0, audit.Duplicated);
            Assert.Equal(0, audit.Missing);
            Assert.Equal(audit.Delivered - audit.ExpungedGone, audit.OnServer);
            Assert.True(result.Backlogs >= 2, result.Backlogs + " backlogs");
            Assert.True(result.Expunges >= 2, result.Expunges + " mails expunged mid-cycle");
            Assert.True(result.LogFolderFaults >= 2, result.LogFolderFaults + " cycles with an unwritable log folder");
            Assert.True(result.DiskFullSkipped != null || result.DiskFulls >= 2, result.DiskFulls + " times BASE_DIR's disk full");
            Assert.True(result.IdenticalCopies > 0 && result.SharedMessageIds > 0,
                result.IdenticalCopies + " identical copies, " + result.SharedMessageIds + " Message-IDs with different content delivered");
            Assert.Empty(audit.Problems);
            Assert.Empty(result.LocalLeftovers);
            Assert.Empty(result.HealthyFailures);
        }
    }
}
