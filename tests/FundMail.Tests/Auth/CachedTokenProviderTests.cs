using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Auth
{
    /// <summary>The token kept in BASE_DIR between runs, against the real token endpoint: each provider here is a "new run".</summary>
    public sealed class CachedTokenProviderTests : IClassFixture<EntraFixture>
    {
        private readonly EntraFixture _entra;
        private readonly string _baseDir;

        public CachedTokenProviderTests(EntraFixture entra)
        {
            _entra = entra;
            _baseDir = Directory.CreateDirectory(Path.Combine(entra.Dir, "base-" + Guid.NewGuid().ToString("N"))).FullName;
        }

        private string CacheFile => Path.Combine(_baseDir, TokenCacheFile.FileName);

        private async Task<AccessToken> NewRunAsync(AppCredentials credentials)
        {
            using var provider = new CachedTokenProvider(credentials, _baseDir);
            return await provider.GetTokenAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Next_run_uses_the_stored_token_without_asking_the_endpoint()
        {
            var app = _entra.AddApp();
            var first = await NewRunAsync(_entra.SecretCredentials(app));
            var requests = _entra.Endpoint.TokenRequests;

            var second = await NewRunAsync(_entra.SecretCredentials(app));

            Assert.Equal(requests, _entra.Endpoint.TokenRequests);
            Assert.Equal(first.Value.Reveal(), second.Value.Reveal());
            Assert.Equal(first.ExpiresOn.ToUnixTimeSeconds(), second.ExpiresOn.ToUnixTimeSeconds());
            Assert.Equal(app.ClientId, TokenClaims.Read(second.Value).AppId);
        }

        [Fact]
        public async Task A_changed_secret_or_another_app_misses_the_cache()
        {
            var app = _entra.AddApp(secret: "old~Secret.1");
            await NewRunAsync(_entra.SecretCredentials(app));
            app.ClientSecret = "new~Secret.2";
            var requests = _entra.Endpoint.TokenRequests;

            var rotated = await NewRunAsync(_entra.SecretCredentials(app));

            Assert.Equal(requests + 1, _entra.Endpoint.TokenRequests);
            Assert.Equal(app.ClientId, TokenClaims.Read(rotated.Value).AppId);

            var other = _entra.AddApp(secret: "new~Secret.2");
            var otherToken = await NewRunAsync(_entra.SecretCredentials(other));
            Assert.Equal(requests + 2, _entra.Endpoint.TokenRequests);
            Assert.Equal(other.ClientId, TokenClaims.Read(otherToken.Value).AppId);
        }

        [Fact]
        public async Task A_token_with_less_than_five_minutes_left_is_renewed()
        {
            var app = _entra.AddApp();
            app.TokenLifetimeSeconds = 240;
            var first = await NewRunAsync(_entra.SecretCredentials(app));
            app.TokenLifetimeSeconds = 3600;
            var requests = _entra.Endpoint.TokenRequests;

            var second = await NewRunAsync(_entra.SecretCredentials(app));

            Assert.Equal(requests + 1, _entra.Endpoint.TokenRequests);
            Assert.NotEqual(first.Value.Reveal(), second.Value.Reveal());
            Assert.True(second.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(55));
            // The renewed token replaced the short one: the run after that asks nobody.
            await NewRunAsync(_entra.SecretCredentials(app));
            Assert.Equal(requests + 1, _entra.Endpoint.TokenRequests);
        }

        [Theory]
        [InlineData("")]
        [InlineData("{not json")]
        [InlineData("[1,2,3]")]
        [InlineData("{\"key\":42,\"expires_on\":\"soon\",\"token\":null}")]
        public async Task A_corrupt_cache_file_is_ignored_and_replaced(string content)
        {
            var app = _entra.AddApp();
            File.WriteAllText(CacheFile, content);
            var requests = _entra.Endpoint.TokenRequests;

            var token = await NewRunAsync(_entra.SecretCredentials(app));

            Assert.Equal(requests + 1, _entra.Endpoint.TokenRequests);
            Assert.Equal(app.ClientId, TokenClaims.Read(token.Value).AppId);
            await NewRunAsync(_entra.SecretCredentials(app));
            Assert.Equal(requests + 1, _entra.Endpoint.TokenRequests);
        }

        [Fact]
        public async Task The_token_is_for_its_owner_only_and_the_file_holds_no_credential()
        {
            var app = _entra.AddApp(secret: "distinctive~Secret.Value.77");
            var token = await NewRunAsync(_entra.SecretCredentials(app));

            var text = File.ReadAllText(CacheFile);
            if (OperatingSystem.IsWindows())
                Assert.DoesNotContain(token.Value.Reveal(), text); // DPAPI (CurrentUser) ciphertext instead
            else
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CacheFile));
            Assert.DoesNotContain("distinctive~Secret.Value.77", text);
            Assert.DoesNotContain(app.ClientId, text);
            Assert.Empty(Directory.GetFiles(_baseDir, "*.tmp", SearchOption.AllDirectories));
        }

        [Fact]
        public async Task Reject_drops_only_a_cached_token_and_the_next_call_is_fresh()
        {
            var app = _entra.AddApp();
            var credentials = _entra.SecretCredentials(app);
            var stored = await NewRunAsync(credentials);
            var requests = _entra.Endpoint.TokenRequests;

            using var provider = new CachedTokenProvider(credentials, _baseDir);
            var cached = await provider.GetTokenAsync(CancellationToken.None);
            Assert.Equal(stored.Value.Reveal(), cached.Value.Reveal());
            Assert.True(provider.Reject(cached));
            Assert.False(File.Exists(CacheFile));

            var fresh = await provider.GetTokenAsync(CancellationToken.None);
            Assert.Equal(requests + 1, _entra.Endpoint.TokenRequests);
            Assert.NotSame(cached, fresh);
            Assert.False(provider.Reject(fresh)); // a freshly issued token refused is a real failure: no second retry
            Assert.True(File.Exists(CacheFile));
        }

        [Fact]
        public void Token_and_provider_never_print_the_token()
        {
            var token = new AccessToken(new Secret("eyJ.secret-token.sig"), DateTimeOffset.UtcNow.AddHours(1));
            new TokenCacheFile(_baseDir).Write("k", token);

            using var provider = new CachedTokenProvider(_entra.SecretCredentials(_entra.AddApp()), _baseDir);
            Assert.DoesNotContain("secret-token", token.ToString());
            Assert.DoesNotContain("secret-token", provider.ToString());
            Assert.Equal("eyJ.secret-token.sig", new TokenCacheFile(_baseDir).Read("k")!.Value.Reveal());
            Assert.Null(new TokenCacheFile(_baseDir).Read("other key"));
        }
    }
}
