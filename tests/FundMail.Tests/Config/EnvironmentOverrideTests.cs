using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FundMail.Config;
using FundMail.Tests.Module;
using Xunit;

namespace FundMail.Tests.Config
{
    /// <summary>
    /// Which .env is read (--env/-EnvFile, then $FUNDMAIL_ENV, then ./.env) and which environment variables override it
    /// (only FUNDMAIL_-prefixed ones). The dictionary stands for the process environment.
    /// </summary>
    public sealed class EnvironmentOverrideTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("fm-override-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private ConfigSource Load(string? explicitFile, Dictionary<string, string> environment) =>
            ConfigSource.Load(explicitFile, _dir, k => environment.GetValueOrDefault(k));

        private string WriteEnv(string name, string contents)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, contents);
            return path;
        }

        [Fact]
        public void Plain_names_in_the_environment_change_nothing()
        {
            var file = WriteEnv("good.env", "HOST=sftp.example.com\nPORT=22\nBASE_DIR=base\nIMAP_PORT=993\nCLIENT_SECRET=from-file\n");
            var environment = new Dictionary<string, string>
            {
                ["HOST"] = "127.0.0.254", ["PORT"] = "1", ["BASE_DIR"] = "/elsewhere", ["IMAP_PORT"] = "12993", ["CLIENT_SECRET"] = "from-env",
            };
            var source = Load(file, environment);
            Assert.Equal("sftp.example.com", source.Get(ConfigKeys.SftpHost));
            Assert.Equal("22", source.Get(ConfigKeys.SftpPort));
            Assert.Equal("base", source.Get(ConfigKeys.BaseDir));
            Assert.Equal("993", source.Get(ConfigKeys.ImapPort));
            Assert.Equal("from-file", source.Get(ConfigKeys.ClientSecret));
        }

        [Fact]
        public void Every_key_of_the_sample_is_overridden_by_its_FUNDMAIL_name()
        {
            var keys = File.ReadLines(Repository.File(".env.sample"))
                .Where(line => line.Length > 0 && !line.StartsWith("#", StringComparison.Ordinal))
                .Select(line => line.Substring(0, line.IndexOf('=')))
                .ToList();
            Assert.Contains(ConfigKeys.SftpHost, keys);
            var file = WriteEnv("good.env", string.Join("\n", keys.Select(k => k + "=from-file")) + "\n");
            var environment = keys.ToDictionary(k => "FUNDMAIL_" + k, k => "from-env-" + k);
            var source = Load(file, environment);
            Assert.All(keys, k => Assert.Equal("from-env-" + k, source.Get(k)));
        }

        [Fact]
        public void FUNDMAIL_ENV_wins_over_the_working_folders_env()
        {
            WriteEnv(".env", "HOST=local.example\n");
            var named = WriteEnv("named.env", "HOST=named.example\n");
            var source = Load(null, new Dictionary<string, string> { ["FUNDMAIL_ENV"] = named });
            Assert.Equal(named, source.Path);
            Assert.Equal("named.example", source.Get(ConfigKeys.SftpHost));
            Assert.Equal(Path.Combine(_dir, ".env"), Load(null, new Dictionary<string, string>()).Path);
        }

        [Fact]
        public void An_explicit_file_wins_over_FUNDMAIL_ENV_and_the_working_folders_env()
        {
            WriteEnv(".env", "HOST=local.example\n");
            var named = WriteEnv("named.env", "HOST=named.example\n");
            var given = WriteEnv("given.env", "HOST=given.example\n");
            var source = Load("given.env", new Dictionary<string, string> { ["FUNDMAIL_ENV"] = named });
            Assert.Equal(given, source.Path);
            Assert.Equal("given.example", source.Get(ConfigKeys.SftpHost));
        }

        [Fact]
        public void A_missing_file_named_by_FUNDMAIL_ENV_is_an_error_naming_the_variable()
        {
            WriteEnv(".env", "HOST=local.example\n");
            var error = Assert.Throws<ConfigException>(() => Load(null, new Dictionary<string, string> { ["FUNDMAIL_ENV"] = "gone.env" }));
            Assert.Contains("$FUNDMAIL_ENV", error.Message);
            Assert.Contains(Path.Combine(_dir, "gone.env"), error.Message);
        }
    }
}
