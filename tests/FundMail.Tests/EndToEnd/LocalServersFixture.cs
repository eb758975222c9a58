using System;
using System.IO;
using System.Threading.Tasks;
using FundMail.TestServers;
using Xunit;

namespace FundMail.Tests.EndToEnd
{
    /// <summary>Token endpoint + Dovecot (+ sshd) for one test class, in a temp folder removed afterwards.</summary>
    public class LocalServersFixture : IAsyncLifetime
    {
        protected virtual bool WithSftp => false;

        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("fm-e2e-").FullName;
        public LocalServers Servers { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Servers = await LocalServers.StartAsync(Directory, WithSftp);
        }

        public async Task DisposeAsync()
        {
            await Servers.DisposeAsync();
            try
            {
                System.IO.Directory.Delete(Directory, true);
            }
            catch (IOException)
            {
            }
        }

        /// <summary>Writes a fresh .env for these servers with the given overrides (null removes a key).</summary>
        public async Task<string> EnvFileAsync(params (string key, string? value)[] overrides)
        {
            var baseDir = Path.Combine(Directory, "base-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var values = new System.Collections.Generic.Dictionary<string, string>(await Servers.EnvValuesAsync(baseDir));
            foreach (var (key, value) in overrides)
            {
                if (value == null)
                    values.Remove(key);
                else
                    values[key] = value;
            }
            var path = Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".env");
            File.WriteAllLines(path, System.Linq.Enumerable.Select(values, kv => kv.Key + "='" + kv.Value + "'"));
            return path;
        }
    }
}
