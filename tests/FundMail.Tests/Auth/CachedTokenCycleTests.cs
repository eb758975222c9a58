using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Logging;
using FundMail.Tests.EndToEnd;
using Xunit;

namespace FundMail.Tests.Auth
{
    /// <summary>Scheduled runs as the console host and the cmdlet make them: a new provider per run, the token kept in BASE_DIR.</summary>
    [Collection("cycle servers")]
    public sealed class CachedTokenCycleTests : IClassFixture<SftpServersFixture>
    {
        private readonly SftpServersFixture _servers;

        public CachedTokenCycleTests(SftpServersFixture servers)
        {
            _servers = servers;
        }

        [Fact]
        public async Task An_idle_cycle_after_the_first_asks_the_token_endpoint_nothing()
        {
            var settings = await _servers.OneMailCycleAsync("token cache baseline");
            var before = _servers.Servers.Entra.TokenRequests;

            var first = await CycleAsync(settings);
            Assert.Equal(1, first.MailsStored);
            Assert.Equal(before + 1, _servers.Servers.Entra.TokenRequests);
            Assert.True(File.Exists(Path.Combine(settings.Store.Layout.BaseDir, TokenCacheFile.FileName)));

            var idle = await CycleAsync(settings);
            Assert.Equal(0, idle.MailsStored);
            Assert.Equal(7, idle.ImapRoundTrips); // as in CycleTimingsTests: the idle cycle on MailKit
            Assert.Equal(before + 1, _servers.Servers.Entra.TokenRequests);
        }

        private static async Task<CycleReport> CycleAsync(CycleSettings settings)
        {
            using var tokens = new CachedTokenProvider(settings.Mailbox.App!, settings.Store.Layout.BaseDir);
            return await CycleRunner.RunAsync(settings, tokens, NullLog.Instance, CancellationToken.None);
        }
    }
}
