using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Logging;
using FundMail.Store;
using FundMail.TestServers.Mail;
using FundMail.Tests.Mime;
using Xunit;

namespace FundMail.Tests.EndToEnd
{
    /// <summary>Save-FundMailDb's batch and the scheduled cycle share BASE_DIR through the one run lock.</summary>
    [Collection("cycle servers")]
    public sealed class ManualSaveLockTests : IClassFixture<SftpServersFixture>
    {
        private readonly SftpServersFixture _servers;

        public ManualSaveLockTests(SftpServersFixture servers)
        {
            _servers = servers;
        }

        [Fact]
        public async Task A_save_while_a_cycle_holds_the_lock_waits_then_fails_naming_the_cycle_and_leaves_nothing()
        {
            var layout = StoreSettings.Read(ConfigSource.Load(await _servers.EnvFileAsync())).Layout;
            var log = new RecordingLog();
            using (RunLock.Acquire(layout.BaseDir))
            {
                var clock = Stopwatch.StartNew();
                var refused = await Assert.ThrowsAsync<AlreadyRunningException>(() =>
                    ManualSave.BeginAsync(layout, "Save-FundMailDb", log, CancellationToken.None));
                Assert.True(clock.Elapsed >= ManualSave.LockWait - TimeSpan.FromMilliseconds(300), "gave up after " + clock.Elapsed);
                Assert.Contains("a cycle (pid " + Environment.ProcessId + " since ", refused.Message);
                Assert.Contains("try again when it ends", refused.Message);
                Assert.Single(log.Lines, l => l.StartsWith("verbose: ", StringComparison.Ordinal) && l.Contains("waiting up to 5 s"));
            }
            var left = Directory.GetFileSystemEntries(layout.BaseDir).Select(Path.GetFileName).ToList();
            Assert.Equal(new[] { RunLock.FileName }, left);
        }

        [Fact]
        public async Task A_cycle_started_while_a_save_holds_the_lock_leaves_at_once_and_the_save_commits()
        {
            var settings = await _servers.OneMailCycleAsync("save and cycle");
            var layout = settings.Store.Layout;
            using var parse = new TempParse();
            using (var save = await ManualSave.BeginAsync(layout, "Save-FundMailDb", NullLog.Instance, CancellationToken.None))
            {
                save.Add(parse.ParseBytes(SampleMail.Bytes(17, 1, 10_000)));
                save.Add(parse.ParseBytes(SampleMail.Bytes(17, 2)));

                var refused = await Assert.ThrowsAsync<AlreadyRunningException>(() => CycleAsync(settings));
                Assert.Contains("Save-FundMailDb (pid " + Environment.ProcessId, refused.Message);

                var db = save.Commit().Single(f => f.Kind == StoredFileKind.Database).Path;
                Assert.Equal(2, MailDbReader.Read(db).Count());
            }
            // The lock went with the save: the next cycle runs.
            Assert.Equal(1, (await CycleAsync(settings)).MailsStored);
        }

        private static async Task<CycleReport> CycleAsync(CycleSettings settings)
        {
            using var tokens = new MsalTokenProvider(settings.Mailbox.App!);
            return await CycleRunner.RunAsync(settings, tokens, NullLog.Instance, CancellationToken.None);
        }
    }
}
