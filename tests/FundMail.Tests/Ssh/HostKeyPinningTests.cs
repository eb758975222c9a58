using System;
using System.IO;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.Ssh;
using FundMail.Tests.Sftp;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Ssh
{
    public sealed class HostKeyPinningTests : IAsyncLifetime
    {
        private SshdServer _server = null!;

        public async Task InitializeAsync() => _server = await SshdServer.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        [Fact]
        public async Task Wrong_fingerprint_is_refused_before_any_authentication_and_shows_the_offered_key()
        {
            var offered = await _server.FingerprintAsync("ed25519");
            var options = SftpTestFiles.Options(_server, "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            var error = await Assert.ThrowsAsync<SshHostKeyException>(() => SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()));
            Assert.Contains("ssh-ed25519 " + offered, error.Message);
            Assert.Contains("ecdsa-sha2-nistp256 " + await _server.FingerprintAsync("ecdsa"), error.Message);
            Assert.Contains("ssh-rsa " + await _server.FingerprintAsync("rsa"), error.Message);
            Assert.Equal(offered, error.OfferedFingerprint);
            Assert.False(error.IsRetryable);
            Assert.DoesNotContain(SshdServer.Password, error.ToString());
            await Task.Delay(300);
            var log = _server.Log();
            Assert.Contains("kex: algorithm", log);
            Assert.DoesNotContain("userauth-request", log);
        }

        [Fact]
        public async Task A_pinned_rsa_key_is_found_although_the_server_prefers_ed25519()
        {
            var options = SftpTestFiles.Options(_server, await _server.FingerprintAsync("rsa"));
            using (var session = await SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()))
            {
                var transport = ((SftpSession)session).Transport;
                Assert.Equal("rsa-sha2-512", transport.HostKeyAlgorithm);
                Assert.Equal(await _server.FingerprintAsync("rsa"), transport.HostKeyFingerprintSeen);
            }
        }

        [Fact]
        public async Task No_pin_at_all_fails_closed_with_the_offered_key()
        {
            var options = SftpTestFiles.Options(_server, "x");
            options.HostKeyFingerprints = new string[0];
            var error = await Assert.ThrowsAsync<SshHostKeyException>(() => SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()));
            Assert.Contains("not pinned", error.Message);
            Assert.Contains(await _server.FingerprintAsync("ed25519"), error.Message);
        }

        [Fact]
        public async Task Known_hosts_plain_and_hashed_entries_are_accepted()
        {
            var plain = Path.Combine(_server.Directory, "known_hosts_plain");
            var line = "[127.0.0.1]:" + _server.Port + " " + KeyPart(_server.PublicKeyLine("ecdsa"));
            File.WriteAllText(plain, "# comment\nother.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFakeFake\n" + line + "\n");
            var hashed = Path.Combine(_server.Directory, "known_hosts_hashed");
            File.WriteAllText(hashed, line + "\n");
            await SshdServer.RunAsync("ssh-keygen", "-H -f " + hashed);
            Assert.StartsWith("|1|", File.ReadAllText(hashed));

            foreach (var file in new[] { plain, hashed })
            {
                var options = SftpTestFiles.Options(_server, "x");
                options.HostKeyFingerprints = new string[0];
                options.KnownHostsFile = file;
                using (var session = await SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()))
                    Assert.Equal("ecdsa-sha2-nistp256", ((SftpSession)session).Transport.HostKeyAlgorithm);
            }
        }

        [Fact]
        public async Task Known_hosts_with_another_key_for_the_host_reports_a_changed_key()
        {
            var file = Path.Combine(_server.Directory, "known_hosts_changed");
            var otherKey = Path.Combine(_server.Directory, "other_ed25519");
            await SshdServer.RunAsync("ssh-keygen", "-q -t ed25519 -N \"\" -f " + otherKey);
            File.WriteAllText(file, "[127.0.0.1]:" + _server.Port + " " + KeyPart(File.ReadAllText(otherKey + ".pub")) + "\n");
            var options = SftpTestFiles.Options(_server, "x");
            options.HostKeyFingerprints = new string[0];
            options.KnownHostsFile = file;
            var error = await Assert.ThrowsAsync<SshHostKeyException>(() => SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()));
            Assert.Contains("does NOT match", error.Message);
            Assert.Contains(await _server.FingerprintAsync("ed25519"), error.Message);
        }

        private static string KeyPart(string publicKeyLine)
        {
            var fields = publicKeyLine.Trim().Split(' ');
            return fields[0] + " " + fields[1];
        }
    }
}
