using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using FundMail.TestServers;
using Xunit;

namespace FundMail.Tests.Chaos
{
    /// <summary>
    /// The `fundmail` console host built once into a temp folder, plus the real token endpoint, Dovecot and sshd,
    /// shared by the chaos tests (which therefore run one after another). The build has its own artifacts folder, so it never races other builds of the engine.
    /// </summary>
    public sealed class ChaosFixture : IAsyncLifetime
    {
        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("fm-chaos-").FullName;
        public LocalServers Servers { get; private set; } = null!;

        /// <summary>Path of the built fundmail.dll (run as `dotnet fundmail.dll cycle --env FILE`).</summary>
        public string HostDll { get; private set; } = "";

        public async Task InitializeAsync()
        {
            // Dovecot's auth process (user dovecot) must reach the token signing keys below this folder.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(Directory, (UnixFileMode)0b111_101_101);
            HostDll = await BuildHostAsync(Path.Combine(Directory, "build"));
            Servers = await LocalServers.StartAsync(Path.Combine(Directory, "servers"), withSftp: true);
        }

        public async Task DisposeAsync()
        {
            if (Servers != null)
                await Servers.DisposeAsync();
            try
            {
                System.IO.Directory.Delete(Directory, true);
            }
            catch (IOException)
            {
            }
        }

        /// <summary>A fresh BASE_DIR and remote folder for one scenario; returns the .env path and the remote folder on disk.</summary>
        public async Task<(string envFile, string baseDir, string remoteDir)> NewRunAsync(string name, params (string key, string value)[] extra)
        {
            var baseDir = Path.Combine(Directory, name, "base");
            System.IO.Directory.CreateDirectory(baseDir);
            var values = new Dictionary<string, string>(await Servers.EnvValuesAsync(baseDir))
            {
                ["SFTP_REMOTE_DIR"] = name,
            };
            foreach (var (key, value) in extra)
                values[key] = value;
            var env = Path.Combine(Directory, name, "fundmail.env");
            File.WriteAllLines(env, values.Select(kv => kv.Key + "='" + kv.Value + "'"));
            return (env, baseDir, Path.Combine(Servers.Sshd!.UploadRoot, name));
        }

        private static async Task<string> BuildHostAsync(string artifacts)
        {
            var root = typeof(ChaosFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "FundMail.RepositoryRoot").Value!;
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    "build", Path.Combine(root, "src", "FundMail.Host", "FundMail.Host.csproj"), "-c", "Release",
                    "--artifacts-path", artifacts, "--nologo", "-v", "quiet", "-clp:ErrorsOnly",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("building the fundmail host took more than 5 minutes");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException("building the fundmail host failed (" + process.ExitCode + "):\n" + await output + await error);
            var dll = Path.Combine(artifacts, "bin", "FundMail.Host", "release", "fundmail.dll");
            if (!File.Exists(dll))
                throw new FileNotFoundException("the host build did not produce " + dll);
            return dll;
        }
    }

    [CollectionDefinition(Name)]
    public sealed class ChaosCollection : ICollectionFixture<ChaosFixture>
    {
        public const string Name = "chaos: built host and servers";
    }
}
