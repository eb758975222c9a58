using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.TestServers.Dovecot;
using FundMail.TestServers.Entra;
using FundMail.TestServers.Pki;
using FundMail.TestServers.Sshd;

namespace FundMail.TestServers
{
    /// <summary>
    /// Everything FundMail talks to in production, for real, on 127.0.0.1: an Entra-shaped token endpoint, Dovecot
    /// accepting its tokens over XOAUTH2, and (optionally) an OpenSSH SFTP server. One CA signs the TLS certificates.
    /// Used by the demo, end-to-end tests and benchmarks.
    /// </summary>
    public sealed class LocalServers : IAsyncDisposable
    {
        public const string TenantId = "7b1c5f3e-0000-4000-8000-00000000f00d";
        public const string ClientId = "3f9d2a11-5c7e-4b8a-9e21-0d6c4f8b1a27";
        public const string ClientSecret = "demo-client-secret-Q7v~2";

        private LocalServers(string directory, TestPki pki, EntraTokenEndpoint entra, EntraApp app, DovecotServer dovecot, SshdServer? sshd)
        {
            Directory = directory;
            Pki = pki;
            Entra = entra;
            App = app;
            Dovecot = dovecot;
            Sshd = sshd;
            CaFile = Path.Combine(directory, "ca.pem");
            pki.WriteCaPem(CaFile);
        }

        public string Directory { get; }
        public TestPki Pki { get; }
        public string CaFile { get; }
        public EntraTokenEndpoint Entra { get; }
        public EntraApp App { get; }
        public DovecotServer Dovecot { get; }
        public SshdServer? Sshd { get; }

        public static async Task<LocalServers> StartAsync(string directory, bool withSftp)
        {
            System.IO.Directory.CreateDirectory(directory);
            // Dovecot's auth process (user dovecot) must reach the signing keys below this folder.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            var pki = TestPki.Create();
            var app = new EntraApp(TenantId, ClientId) { ClientSecret = ClientSecret };
            var entra = await EntraTokenEndpoint.StartAsync(pki, new EntraOptions().Add(app));
            var keys = Path.Combine(directory, "dovecot-keys");
            entra.WriteDovecotKeys(keys);
            var dovecot = DovecotServer.Start(new DovecotOptions
            {
                ServerCertificate = pki.IssueServer("127.0.0.1", "localhost"),
                Tenant = TenantId,
                KeyDirectory = Path.Combine(keys, "keys"),
            });
            app.Mailbox = dovecot.User;
            var sshd = withSftp ? await SshdServer.StartAsync() : null;
            return new LocalServers(directory, pki, entra, app, dovecot, sshd);
        }

        /// <summary>The .env keys a FundMail run needs to use these servers.</summary>
        public async Task<IReadOnlyDictionary<string, string>> EnvValuesAsync(string baseDir)
        {
            var values = new Dictionary<string, string>
            {
                ["EMAIL_ID"] = Dovecot.User,
                ["AUTH_MODE"] = "xoauth2",
                ["IMAP_HOST"] = Dovecot.Host,
                ["IMAP_PORT"] = Dovecot.ImapsPort.ToString(),
                ["TRUSTED_CA_FILE"] = CaFile,
                ["TENANT_ID"] = TenantId,
                ["CLIENT_ID"] = ClientId,
                ["CLIENT_SECRET"] = ClientSecret,
                ["AUTHORITY_HOST"] = Entra.AuthorityHost.GetLeftPart(UriPartial.Authority),
                ["BASE_DIR"] = baseDir,
            };
            if (Sshd != null)
            {
                values["HOST"] = Sshd.Host;
                values["PORT"] = Sshd.Port.ToString();
                values["SFTP_ID"] = SshdServer.User;
                values["SFTP_PW"] = SshdServer.Password;
                values["SFTP_HOST_KEY"] = await Sshd.FingerprintAsync("ed25519");
            }
            return values;
        }

        public async Task<string> WriteEnvFileAsync(string path, string baseDir)
        {
            var values = await EnvValuesAsync(baseDir);
            // Single quotes keep every value literal in .env syntax.
            File.WriteAllLines(path, values.Select(kv => kv.Key + "='" + kv.Value + "'"));
            return path;
        }

        public async ValueTask DisposeAsync()
        {
            if (Sshd != null)
                await Sshd.DisposeAsync();
            Dovecot.Dispose();
            await Entra.DisposeAsync();
            Pki.Dispose();
        }
    }
}
