using System.IO;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.Ssh;
using FundMail.Tests.Sftp;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Ssh
{
    /// <summary>Each key exchange, host key and cipher we offer, forced one at a time on a real sshd, carries an upload.</summary>
    public sealed class AlgorithmMatrixTests
    {
        [Fact]
        public async Task No_common_mac_for_the_chosen_cipher_is_a_clear_negotiation_error()
        {
            await using var server = await SshdServer.StartAsync(new SshdOptions { Ciphers = "aes256-ctr", MACs = "hmac-sha2-512" });
            var error = await Assert.ThrowsAsync<SshProtocolException>(() =>
                SftpClient.ConnectAsync(SftpTestFiles.Options(server, "SHA256:x"), SftpTestFiles.Timeout()));
            Assert.Contains("no client-to-server MAC algorithm in common", error.Message);
            Assert.Contains("hmac-sha2-512", error.Message);
            Assert.False(error.IsRetryable);
        }

        [Fact]
        public async Task A_default_sshd_gets_the_runtime_AES_GCM_both_ways()
        {
            await using var server = await SshdServer.StartAsync(new SshdOptions());
            using var session = await SftpClient.ConnectAsync(SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519")), SftpTestFiles.Timeout());
            var transport = ((SftpSession)session).Transport;
            Assert.Equal("aes256-gcm@openssh.com", transport.CipherClientToServer);
            Assert.Equal("aes256-gcm@openssh.com", transport.CipherServerToClient);
            Assert.Equal("/", await session.RealPathAsync("/", SftpTestFiles.Timeout()));
        }

        [Theory]
        [InlineData(null, "ssh-rsa", null, "no host key algorithm in common", "ssh-rsa")]
        [InlineData(null, null, "aes256-cbc", "no client-to-server cipher algorithm in common", "aes256-cbc")]
        [InlineData("diffie-hellman-group14-sha1", null, null, "no key exchange algorithm in common", "group14-sha1")]
        public async Task A_server_left_with_only_weak_algorithms_is_refused(string? kex, string? hostKey, string? cipher, string expected, string named)
        {
            await using var server = await SshdServer.StartAsync(new SshdOptions { KexAlgorithms = kex, HostKeyAlgorithms = hostKey, Ciphers = cipher });
            var error = await Assert.ThrowsAsync<SshProtocolException>(() =>
                SftpClient.ConnectAsync(SftpTestFiles.Options(server, "SHA256:x"), SftpTestFiles.Timeout()));
            Assert.Contains(expected, error.Message);
            Assert.Contains(named, error.Message);
        }

        [Theory]
        [InlineData("curve25519-sha256", "ssh-ed25519", "ed25519", "aes256-ctr", "hmac-sha2-256-etm@openssh.com")]
        [InlineData("curve25519-sha256@libssh.org", "ecdsa-sha2-nistp256", "ecdsa", "aes256-gcm@openssh.com", null)]
        [InlineData("curve25519-sha256", "ssh-ed25519", "ed25519", "aes128-gcm@openssh.com", null)]
        [InlineData("ecdh-sha2-nistp256", "rsa-sha2-512", "rsa", "chacha20-poly1305@openssh.com", null)]
        [InlineData("diffie-hellman-group14-sha256", "rsa-sha2-256", "rsa", "aes256-ctr", "hmac-sha2-256-etm@openssh.com")]
        public async Task Upload_works_with_each_algorithm(string kex, string hostKey, string keyType, string cipher, string? mac)
        {
            var options = new SshdOptions { KexAlgorithms = kex, HostKeyAlgorithms = hostKey, Ciphers = cipher, MACs = mac };
            await using var server = await SshdServer.StartAsync(options);
            var local = SftpTestFiles.Create(3_000_000, seed: kex.Length);
            try
            {
                using (var session = await SftpClient.ConnectAsync(SftpTestFiles.Options(server, await server.FingerprintAsync(keyType)), SftpTestFiles.Timeout()))
                {
                    var transport = ((SftpSession)session).Transport;
                    Assert.Equal(kex, transport.KexAlgorithm);
                    Assert.Equal(hostKey, transport.HostKeyAlgorithm);
                    Assert.Equal(cipher, transport.CipherClientToServer);
                    Assert.Equal(cipher, transport.CipherServerToClient);
                    Assert.True(transport.StrictKex);
                    await new SftpUploader(session).UploadAsync(local, "matrix.bin", SftpTestFiles.Timeout());
                }
                Assert.Equal(SftpTestFiles.Sha256(local), SftpTestFiles.Sha256(Path.Combine(server.UploadRoot, "matrix.bin")));
            }
            finally
            {
                File.Delete(local);
            }
        }
    }
}
