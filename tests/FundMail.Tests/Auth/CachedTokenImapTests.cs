using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Logging;
using FundMail.Mailbox;
using FundMail.Tests.EndToEnd;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Auth
{
    /// <summary>The cached token meets the real Dovecot (validating Entra-signed JWTs) and the real token endpoint.</summary>
    public sealed class CachedTokenImapTests : IClassFixture<LocalServersFixture>, IDisposable
    {
        private readonly LocalServersFixture _servers;

        public CachedTokenImapTests(LocalServersFixture servers)
        {
            _servers = servers;
        }

        private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

        private readonly string _baseDir = Directory.CreateTempSubdirectory("fm-token-cache-").FullName;

        private async Task<MailboxSettings> SettingsAsync(params (string key, string? value)[] overrides) =>
            MailboxSettings.Read(ConfigSource.Load(await _servers.EnvFileAsync(overrides)));

        private async Task<OpenMailbox> OpenAsync(MailboxSettings settings, ILog log)
        {
            using var provider = new CachedTokenProvider(settings.App!, _baseDir);
            // As a cycle does it: the token asked for early, through the head start.
            var tokens = new TokenHeadStart(provider, Timeout);
            return await MailboxConnector.OpenAsync(settings.Imap, tokens, log, null, Timeout);
        }

        [Fact]
        public async Task Second_run_signs_in_to_IMAP_with_the_stored_token_and_no_endpoint_request()
        {
            var settings = await SettingsAsync();
            using (var first = await OpenAsync(settings, NullLog.Instance).ContinueWith(t => t.Result.Client))
            {
            }
            var requests = _servers.Servers.Entra.TokenRequests;

            var second = await OpenAsync(settings, NullLog.Instance);
            using var client = second.Client;

            Assert.Equal(requests, _servers.Servers.Entra.TokenRequests);
            Assert.True(second.State.UidValidity > 0);
        }

        [Fact]
        public async Task Get_FundMail_reads_with_the_token_kept_in_BASE_DIR_and_without_BASE_DIR_asks_each_time()
        {
            async Task<int> RequestsForTwoReadsAsync(MailboxSettings settings)
            {
                var before = _servers.Servers.Entra.TokenRequests;
                for (var read = 0; read < 2; read++)
                {
                    // As Get-FundMail (cmdlet and host) builds its provider.
                    using var tokens = new CachedTokenProvider(settings.App!, settings.TokenCacheDirectory);
                    using var reader = await MailReader.OpenAsync(settings.Imap, tokens, NullLog.Instance, Timeout);
                    Assert.True(reader.State.UidValidity > 0);
                }
                return _servers.Servers.Entra.TokenRequests - before;
            }

            var withBaseDir = await SettingsAsync(("BASE_DIR", _baseDir));
            Assert.Equal(_baseDir, withBaseDir.TokenCacheDirectory);
            Assert.Equal(1, await RequestsForTwoReadsAsync(withBaseDir));
            Assert.True(File.Exists(Path.Combine(_baseDir, TokenCacheFile.FileName)));

            var withoutBaseDir = await SettingsAsync(("BASE_DIR", null));
            Assert.Null(withoutBaseDir.TokenCacheDirectory);
            Assert.Equal(2, await RequestsForTwoReadsAsync(withoutBaseDir));
        }

        [Fact]
        public async Task A_stored_token_the_server_refuses_is_dropped_and_one_fresh_token_signs_in()
        {
            var settings = await SettingsAsync();
            var app = settings.App!;
            // A token of the right shape whose signature the server cannot verify: what a revoked or re-keyed token looks like to it.
            var real = await NewTokenAsync(app);
            var parts = real.Value.Reveal().Split('.');
            var forged = parts[0] + "." + parts[1] + "." + new string('A', parts[2].Length);
            var file = new TokenCacheFile(_baseDir);
            file.Write(TokenCacheKey.For(app, MsalTokenProvider.ExchangeScope), new AccessToken(new Secret(forged), DateTimeOffset.UtcNow.AddHours(1)));
            var requests = _servers.Servers.Entra.TokenRequests;
            var log = new ListLog();

            var open = await OpenAsync(settings, log);
            using var client = open.Client;

            Assert.True(open.State.UidValidity > 0);
            Assert.Equal(requests + 1, _servers.Servers.Entra.TokenRequests);
            Assert.Single(log.Lines, line => line.Contains("refused the cached access token"));
            Assert.DoesNotContain(log.Lines, line => line.Contains(forged) || line.Contains(parts[1]));
            var stored = file.Read(TokenCacheKey.For(app, MsalTokenProvider.ExchangeScope));
            Assert.NotNull(stored);
            Assert.NotEqual(forged, stored!.Value.Reveal());
        }

        [Fact]
        public async Task A_fresh_token_the_server_refuses_fails_without_a_retry()
        {
            var other = await SettingsAsync(("EMAIL_ID", "someone-else@example.test"));
            var requests = _servers.Servers.Entra.TokenRequests;
            var log = new ListLog();

            await Assert.ThrowsAsync<FundMail.Imap.ImapAuthenticationException>(() => OpenAsync(other, log));

            Assert.Equal(requests + 1, _servers.Servers.Entra.TokenRequests);
            Assert.DoesNotContain(log.Lines, line => line.Contains("refused the cached access token"));
        }

        public void Dispose() => Directory.Delete(_baseDir, true);

        private static async Task<AccessToken> NewTokenAsync(AppCredentials app)
        {
            using var msal = new MsalTokenProvider(app);
            return await msal.GetTokenAsync(Timeout);
        }

        private sealed class ListLog : ILog
        {
            private readonly ConcurrentQueue<string> _lines = new ConcurrentQueue<string>();

            public string[] Lines => _lines.ToArray();

            public void Write(LogLevel level, string message) => _lines.Enqueue(level + " " + message);
        }
    }
}
