using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Auth
{
    /// <summary>
    /// A run served from the cache must not even load MSAL. Other tests in this process load it, so the engine is loaded
    /// a second time into its own load context, which records every assembly the engine asks for.
    /// </summary>
    public sealed class CachedTokenFastPathTests : IClassFixture<EntraFixture>
    {
        private readonly EntraFixture _entra;

        public CachedTokenFastPathTests(EntraFixture entra)
        {
            _entra = entra;
        }

        [Fact]
        public async Task A_cache_hit_loads_no_MSAL_assembly_and_a_miss_does()
        {
            var app = _entra.AddApp();
            var baseDir = Directory.CreateDirectory(Path.Combine(_entra.Dir, "fast-" + Guid.NewGuid().ToString("N"))).FullName;
            using (var warm = new CachedTokenProvider(_entra.SecretCredentials(app), baseDir))
                await warm.GetTokenAsync(CancellationToken.None);
            var requests = _entra.Endpoint.TokenRequests;

            var hit = new RecordingContext();
            var token = await GetTokenInAsync(hit, app, baseDir);
            Assert.Equal(requests, _entra.Endpoint.TokenRequests);
            Assert.Equal(app.ClientId, TokenClaims.Read(new Secret(token)).AppId);
            Assert.DoesNotContain(hit.Requested.Keys, name => name.StartsWith("Microsoft.Identity", StringComparison.Ordinal));

            // The same check fails when MSAL is used, so the recording does see it.
            var miss = new RecordingContext();
            await GetTokenInAsync(miss, app, Directory.CreateDirectory(Path.Combine(baseDir, "empty")).FullName);
            Assert.Equal(requests + 1, _entra.Endpoint.TokenRequests);
            Assert.Contains("Microsoft.Identity.Client", miss.Requested.Keys);
        }

        /// <summary>A new CachedTokenProvider built and asked entirely inside <paramref name="context"/>; returns the token text.</summary>
        private async Task<string> GetTokenInAsync(RecordingContext context, FundMail.TestServers.Entra.EntraApp app, string baseDir)
        {
            var engine = context.LoadFromAssemblyPath(typeof(CachedTokenProvider).Assembly.Location);
            Type T(string name) => engine.GetType(name, throwOnError: true)!;
            var caFile = Path.Combine(_entra.Dir, "ca.pem");
            var credentials = Activator.CreateInstance(T("FundMail.Auth.AppCredentials"))!;
            void Set(string property, object value) => credentials.GetType().GetProperty(property)!.SetValue(credentials, value);
            Set("TenantId", app.TenantId);
            Set("ClientId", app.ClientId);
            Set("ClientSecret", Activator.CreateInstance(T("FundMail.Util.Secret"), app.ClientSecret)!);
            Set("AuthorityHost", _entra.Endpoint.AuthorityHost);
            Set("TlsTrust", T("FundMail.Net.TlsTrust").GetMethod("WithExtraCa")!.Invoke(null, new object[] { caFile })!);
            var provider = Activator.CreateInstance(T("FundMail.Auth.CachedTokenProvider"), credentials, baseDir)!;
            try
            {
                var task = (Task)provider.GetType().GetMethod("GetTokenAsync")!.Invoke(provider, new object[] { CancellationToken.None })!;
                await task;
                var token = task.GetType().GetProperty("Result")!.GetValue(task)!;
                var value = token.GetType().GetProperty("Value")!.GetValue(token)!;
                return (string)value.GetType().GetMethod("Reveal")!.Invoke(value, null)!;
            }
            finally
            {
                ((IDisposable)provider).Dispose();
            }
        }

        /// <summary>Loads nothing itself: notes each request and lets the default context answer it.</summary>
        private sealed class RecordingContext : AssemblyLoadContext
        {
            public RecordingContext()
                : base("fundmail-token-fast-path", isCollectible: false)
            {
            }

            public ConcurrentDictionary<string, bool> Requested { get; } = new ConcurrentDictionary<string, bool>();

            protected override Assembly? Load(AssemblyName name)
            {
                Requested[name.Name!] = true;
                return null;
            }
        }
    }
}
