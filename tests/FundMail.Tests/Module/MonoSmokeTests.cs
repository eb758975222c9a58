using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.TestServers;
using FundMail.TestServers.Mail;
using Microsoft.Data.Sqlite;
using Xunit;

namespace FundMail.Tests.Module
{
    /// <summary>
    /// The Windows PowerShell 5.1 path as far as Linux can run it: tests/FrameworkSmoke (net472) runs under Mono 6.8,
    /// loads the engine from the built module's deps/ through the module's own DesktopDependencies and runs one cycle
    /// against the real local servers. Mono's loader ignores assembly versions; the versions are checked by
    /// DepsReferenceAuditTests. Native SQLite is found the way a Linux process finds any library: LD_LIBRARY_PATH
    /// names the module's runtimes/linux-x64/native (on Windows the module preloads it by full path instead).
    /// </summary>
    [Collection(ModuleFolderCollection.Name)]
    public sealed class MonoSmokeTests : IAsyncLifetime
    {
        private readonly ModuleFolderFixture _module;
        private readonly string _work = Path.Combine(Path.GetTempPath(), "fundmail-mono-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        private LocalServers? _servers;

        public MonoSmokeTests(ModuleFolderFixture module)
        {
            _module = module;
        }

        public async Task InitializeAsync()
        {
            _servers = await LocalServers.StartAsync(_work, withSftp: true);
            await _servers.Dovecot.Mailbox.RecreateAsync();
            await _servers.Dovecot.Mailbox.AppendAsync(Enumerable.Range(1, 3)
                .Select(i => SampleMail.Bytes(20261121, i, i == 2 ? new long[] { 48 * 1024 } : Array.Empty<long>())).ToList());
        }

        public async Task DisposeAsync()
        {
            if (_servers != null)
                await _servers.DisposeAsync();
            Directory.Delete(_work, recursive: true);
        }

        [Fact]
        public async Task A_cycle_on_Mono_with_the_engine_from_deps_stores_the_mail_and_ships_it()
        {
            var mono = new[] { "/usr/bin/mono", "/usr/local/bin/mono" }.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("mono is not installed: run scripts/install-deps (it installs Debian's mono-runtime and mono-devel)");
            var smoke = Path.Combine(_work, "smoke");
            var (buildExit, buildOutput) = Repository.Run("dotnet",
                "build \"" + Repository.File("tests", "FrameworkSmoke", "FrameworkSmoke.csproj") + "\" -c Release --nologo -v quiet -o \"" + smoke + "\"",
                Repository.Root, TimeSpan.FromMinutes(3));
            Assert.True(buildExit == 0, "tests/FrameworkSmoke did not build:\n" + buildOutput);
            Assert.False(Directory.EnumerateFiles(smoke, "*.dll").Any(), "the smoke program must bring no FundMail or dependency DLL of its own");

            var baseDir = Path.Combine(_work, "base");
            var env = await _servers!.WriteEnvFileAsync(Path.Combine(_work, ".env"), baseDir);
            var native = _module.PathOf("runtimes", "linux-x64", "native");
            var (exitCode, output) = Repository.Run("/usr/bin/env",
                "LD_LIBRARY_PATH=\"" + native + "\" " + mono + " \"" + Path.Combine(smoke, "FrameworkSmoke.exe") + "\" \"" + _module.Folder + "\" \"" + env + "\"",
                _work, TimeSpan.FromMinutes(1));
            var log = Directory.Exists(Path.Combine(baseDir, "logs"))
                ? string.Join("\n", Directory.GetFiles(Path.Combine(baseDir, "logs")).Select(File.ReadAllText))
                : "(no log)";
            Assert.True(exitCode == 0, "the Mono run failed (" + exitCode + "):\n" + output + "\nlog:\n" + log);

            Assert.Contains("desktop path: True", output);
            Assert.Contains("engine: " + _module.PathOf("deps", "FundMail.Engine.dll"), output);
            foreach (var fallback in new[] { "Microsoft.Identity.Client", "BouncyCastle.Cryptography", "MailKit", "MimeKit", "System.Text.Encoding.CodePages", "SQLitePCLRaw.provider.e_sqlite3" })
                Assert.Contains("loaded from deps/: " + fallback + ",", output);

            var remote = _servers.Sshd!.UploadRoot;
            Assert.Equal(3, Directory.GetFiles(remote, "*.eml", SearchOption.AllDirectories).Length);
            Assert.Single(Directory.GetFiles(remote, "*.xlsx", SearchOption.AllDirectories));
            var db = Assert.Single(Directory.GetFiles(remote, "fm_*.db"));
            using var connection = new SqliteConnection("Data Source=" + db + ";Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM fund_mail";
            Assert.Equal(3L, (long)count.ExecuteScalar()!);
        }
    }
}
