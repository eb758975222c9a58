using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Diagnostics;
using FundMail.Logging;
using FundMail.Tests.EndToEnd;
using FundMail.Tests.Imap;
using FundMail.TestServers.Interop;
using Xunit;

namespace FundMail.Tests.Interop
{
    /// <summary>
    /// Whole cycles (capture from Dovecot, ship through the Shipper) to interop servers that lack fsync@openssh.com or
    /// posix-rename@openssh.com: the mail is shipped all the same, and the cycle report, status (Get-FundMailStatus,
    /// `fundmail status`) and Test-FundMailConnection say that durability on that server is reduced, naming what it lacks.
    /// </summary>
    public sealed class ReducedDurabilityCycleTests : IClassFixture<LocalServersFixture>
    {
        private readonly LocalServersFixture _servers;

        public ReducedDurabilityCycleTests(LocalServersFixture servers) => _servers = servers;

        [Theory]
        [InlineData("asyncssh", "posix-rename@openssh.com")]
        [InlineData("proftpd", "fsync@openssh.com")]
        public async Task A_cycle_ships_to_a_server_lacking_an_extension_and_status_names_it(string kind, string missing)
        {
            var options = new InteropServerOptions();
            options.WithoutExtensions.Add(missing);
            await using var server = kind == "asyncssh" ? (InteropSftpServer)await AsyncSshServer.StartAsync(options) : await ProftpdServer.StartAsync(options);
            var (report, settings, folder, env) = await CycleAsync(server, kind);

            Assert.Null(report.UploadError);
            Assert.Equal(1, report.MailsStored);
            Assert.Single(Directory.GetFiles(Path.Combine(server.UploadRoot, folder), "fm_*.db"));
            Assert.Empty(Directory.GetFiles(Path.Combine(server.UploadRoot, folder), "*.tmp", SearchOption.AllDirectories));
            var reduced = "reduced on 127.0.0.1:" + server.Port + ": the server lacks " + missing;
            Assert.Contains("SFTP durability " + reduced, report.ToString());
            Assert.Contains(reduced, JsonSerializer.Serialize(report)); // `fundmail cycle --json`
            var status = CycleStatus.Read(settings.Store.Layout.BaseDir);
            Assert.Contains("SFTP durability " + reduced, status.ToString()); // `fundmail status`
            Assert.Contains(reduced, JsonSerializer.Serialize(status)); // Get-FundMailStatus's object, `fundmail status --json`
            Assert.Equal("ok", status.LastOutcome); // reduced durability is a property of the server, not a failed run

            var results = new List<CheckResult>();
            await ConnectionCheck.RunAsync(() => ConfigSource.Load(env), NullLog.Instance, results.Add, CancellationToken.None);
            var probe = results.Single(r => r.Leg == "remote directory"); // Test-FundMailConnection
            Assert.True(probe.Passed, probe.ToString());
            Assert.Contains("durability " + reduced, probe.Detail);
        }

        [Fact]
        public async Task A_server_offering_both_extensions_is_reported_at_full_durability()
        {
            await using var server = await ProftpdServer.StartAsync();
            var (report, settings, _, _) = await CycleAsync(server, "full");

            Assert.Null(report.UploadError);
            Assert.DoesNotContain("durability", report.ToString());
            Assert.Equal("full", report.SftpDurability);
            Assert.Equal("full", CycleStatus.Read(settings.Store.Layout.BaseDir).SftpDurability);
        }

        private async Task<(CycleReport Report, CycleSettings Settings, string Folder, string Env)> CycleAsync(InteropSftpServer server, string marker)
        {
            await _servers.Servers.Dovecot.Mailbox.RecreateAsync();
            await _servers.Servers.Dovecot.Mailbox.AppendAsync(TestMessages.Small("interop cycle " + marker));
            var folder = "cycle-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var overrides = (await InteropFixture.EnvValuesAsync(server, folder)).Select(kv => (kv.Key, (string?)kv.Value)).ToList();
            overrides.Add(("FIRST_RUN", "latest"));
            var env = await _servers.EnvFileAsync(overrides.ToArray());
            var settings = CycleSettings.Read(ConfigSource.Load(env));
            using var tokens = new MsalTokenProvider(settings.Mailbox.App!);
            return (await CycleRunner.RunAsync(settings, tokens, NullLog.Instance, CancellationToken.None), settings, folder, env);
        }
    }
}
