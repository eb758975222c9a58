using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.Ssh;
using FundMail.Tests.Sftp;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Ssh
{
    /// <summary>RSA user keys sign with rsa-sha2-256 or rsa-sha2-512 (RFC 8332), never with SHA-1 "ssh-rsa", whatever the server accepts.</summary>
    public sealed class RsaSignatureTests
    {
        [Fact]
        public async Task A_server_that_takes_RSA_keys_only_as_ssh_rsa_refuses_us_and_never_sees_ssh_rsa()
        {
            await using var server = await StartAsync("ssh-rsa");
            var error = await Assert.ThrowsAsync<SshAuthenticationException>(() => ConnectAsync(server));
            var log = server.Log();
            Assert.Contains("publickey (rsa-sha2-256, rsa-sha2-512)", error.Message);
            Assert.Contains("FundMail never signs with ssh-rsa (SHA-1)", error.Message);
            Assert.Contains("signature algorithm rsa-sha2-256 not in PubkeyAcceptedAlgorithms", log);
            Assert.Contains("signature algorithm rsa-sha2-512 not in PubkeyAcceptedAlgorithms", log);
            Assert.DoesNotContain("signature algorithm ssh-rsa", log);
            Assert.DoesNotContain("Accepted publickey", log);
            Assert.False(error.IsRetryable);
        }

        [Theory]
        [InlineData("rsa-sha2-256")]
        [InlineData("rsa-sha2-512")]
        public async Task A_server_that_takes_one_rsa_sha2_algorithm_accepts_us_with_it(string accepted)
        {
            await using var server = await StartAsync(accepted);
            using (var session = await ConnectAsync(server))
                Assert.NotNull(await session.TryStatAsync(".", SftpTestFiles.Timeout()));
            var log = server.Log();
            Assert.Contains("Accepted publickey for fundmail-sftp", log);
            Assert.Equal(accepted == "rsa-sha2-256" ? 0 : 1, Regex.Matches(log, "not in PubkeyAcceptedAlgorithms").Count);
        }

        /// <summary>An sshd that takes RSA keys only with the given signature algorithms; its folder holds an authorized RSA key.</summary>
        private static async Task<SshdServer> StartAsync(string acceptedAlgorithms)
        {
            var options = new SshdOptions { PasswordAuthentication = false };
            options.ExtraLines.Add("PubkeyAcceptedAlgorithms " + acceptedAlgorithms);
            var server = await SshdServer.StartAsync(options);
            // sshd reads authorized_keys at each attempt: adding the key after the start is enough.
            await SshdServer.RunAsync("ssh-keygen", "-q -t rsa -N \"\" -f " + KeyPath(server));
            File.WriteAllText(Path.Combine(server.Directory, "authorized_keys"), File.ReadAllText(KeyPath(server) + ".pub"));
            return server;
        }

        private static string KeyPath(SshdServer server) => Path.Combine(server.Directory, "user_rsa");

        private static async Task<ISftpSession> ConnectAsync(SshdServer server)
        {
            var connect = SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519"));
            connect.Password = null;
            connect.PrivateKeyFile = KeyPath(server);
            return await SftpClient.ConnectAsync(connect, SftpTestFiles.Timeout());
        }
    }
}
