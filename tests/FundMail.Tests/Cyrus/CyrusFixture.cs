using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.TestServers.Cyrus;
using FundMail.TestServers.Pki;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Cyrus
{
    /// <summary>Cyrus imapd (the second IMAP implementation) and sshd for one test class; .env files that point FundMail at them.</summary>
    public sealed class CyrusFixture : IAsyncLifetime
    {
        private readonly TestPki _pki = TestPki.Create();

        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("fm-cyrus-").FullName;
        public CyrusServer Cyrus { get; private set; } = null!;
        public SshdServer Sshd { get; private set; } = null!;
        private string CaFile => Path.Combine(Directory, "ca.pem");

        public async Task InitializeAsync()
        {
            _pki.WriteCaPem(CaFile);
            Cyrus = CyrusServer.Start(new CyrusOptions { ServerCertificate = _pki.IssueServer("127.0.0.1", "localhost") });
            Sshd = await SshdServer.StartAsync();
        }

        public async Task DisposeAsync()
        {
            await Sshd.DisposeAsync();
            Cyrus.Dispose();
            _pki.Dispose();
            System.IO.Directory.Delete(Directory, true);
        }

        /// <summary>
        /// A .env for LOGIN over implicit TLS to <paramref name="folder"/> (trusting the test CA), its own BASE_DIR and remote
        /// folder; <paramref name="overrides"/> replace keys.
        /// </summary>
        public async Task<string> EnvFileAsync(string folder, params (string Key, string Value)[] overrides)
        {
            var id = Guid.NewGuid().ToString("N").Substring(0, 8);
            var values = new Dictionary<string, string>
            {
                ["AUTH_MODE"] = "login",
                ["EMAIL_ID"] = Cyrus.User,
                ["EMAIL_PW"] = Cyrus.Password,
                ["IMAP_HOST"] = Cyrus.Host,
                ["IMAP_PORT"] = Cyrus.ImapsPort.ToString(),
                ["TRUSTED_CA_FILE"] = CaFile,
                ["MAILBOX"] = folder,
                ["BASE_DIR"] = Path.Combine(Directory, "base-" + id),
                ["HOST"] = Sshd.Host,
                ["PORT"] = Sshd.Port.ToString(),
                ["SFTP_ID"] = SshdServer.User,
                ["SFTP_PW"] = SshdServer.Password,
                ["SFTP_HOST_KEY"] = await Sshd.FingerprintAsync("ed25519"),
                ["SFTP_REMOTE_DIR"] = "cy" + id,
                ["FIRST_RUN"] = "today",
            };
            foreach (var (key, value) in overrides)
                values[key] = value;
            var path = Path.Combine(Directory, id + ".env");
            File.WriteAllLines(path, values.Select(kv => kv.Key + "='" + kv.Value + "'"));
            return path;
        }
    }
}
