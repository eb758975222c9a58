using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Sftp;
using FundMail.TestServers.Interop;
using FundMail.TestServers.Sshd;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Interop
{
    /// <summary>
    /// One interop server for a test class, with user keys of each type (ed25519, ecdsa, rsa) authorized next to the
    /// password. Subclasses name the server and the SFTP extensions it leaves out.
    /// </summary>
    public abstract class InteropFixture : IAsyncLifetime
    {
        public static readonly string[] UserKeyTypes = { "ed25519", "ecdsa", "rsa" };

        public string KeyDirectory { get; } = Directory.CreateTempSubdirectory("fm-interop-keys-").FullName;
        public InteropSftpServer Server { get; private set; } = null!;

        /// <summary>The extensions this server is started without.</summary>
        public abstract IReadOnlyList<string> Without { get; }

        /// <summary>Sftp channels our client opens per connection here: two lanes, or one where the server mishandles two.</summary>
        public abstract int ChannelsPerConnection { get; }

        /// <summary>Starts a server of this class's kind (tests that need other settings start their own).</summary>
        public abstract Task<InteropSftpServer> StartServerAsync(InteropServerOptions options);

        public async Task InitializeAsync()
        {
            var options = new InteropServerOptions();
            options.WithoutExtensions.AddRange(Without);
            foreach (var type in UserKeyTypes)
            {
                await SshdServer.RunAsync("ssh-keygen", "-q -t " + type + " -N \"\" -C fundmail-interop-user -f " + KeyPath(type));
                options.AuthorizedKeys.Add(File.ReadAllText(KeyPath(type) + ".pub"));
            }
            Server = await StartServerAsync(options);
        }

        public async Task DisposeAsync()
        {
            if (Server != null) await Server.DisposeAsync();
            Directory.Delete(KeyDirectory, true);
        }

        public string KeyPath(string type) => Path.Combine(KeyDirectory, "user_" + type);

        /// <summary>Password login, the ed25519 host key pinned, short timeouts.</summary>
        public static async Task<SftpConnectOptions> OptionsAsync(InteropSftpServer server) => new SftpConnectOptions
        {
            Host = server.Host,
            Port = server.Port,
            User = InteropSftpServer.User,
            Password = new Secret(InteropSftpServer.Password),
            HostKeyFingerprints = new[] { await server.FingerprintAsync("ed25519") },
            ConnectTimeout = TimeSpan.FromSeconds(20),
            OperationTimeout = TimeSpan.FromSeconds(30),
        };

        /// <summary>The settings Send-FundMailSftp and the cycle read from .env, for this server and a remote folder.</summary>
        public static async Task<Dictionary<string, string>> EnvValuesAsync(InteropSftpServer server, string remoteDirectory) => new Dictionary<string, string>
        {
            [ConfigKeys.SftpHost] = server.Host,
            [ConfigKeys.SftpPort] = server.Port.ToString(),
            [ConfigKeys.SftpUser] = InteropSftpServer.User,
            [ConfigKeys.SftpPassword] = InteropSftpServer.Password,
            [ConfigKeys.SftpHostKey] = await server.FingerprintAsync("ecdsa") + "," + await server.FingerprintAsync("ed25519"),
            [ConfigKeys.SftpRemoteDir] = remoteDirectory,
        };
    }
}
