using System.IO;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.Ssh;
using FundMail.Tests.Sftp;
using FundMail.TestServers.Sshd;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Ssh
{
    public sealed class UserAuthTests
    {
        [Fact]
        public async Task Public_keys_of_each_type_authenticate_where_passwords_are_off()
        {
            var keys = Path.Combine(Path.GetTempPath(), "fundmail-keys-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(keys);
            try
            {
                var options = new SshdOptions { PasswordAuthentication = false };
                foreach (var type in new[] { "ed25519", "ecdsa", "rsa" })
                {
                    await SshdServer.RunAsync("ssh-keygen", "-q -t " + type + " -N \"\" -f " + Path.Combine(keys, type));
                    options.AuthorizedKeys.Add(File.ReadAllText(Path.Combine(keys, type + ".pub")).Trim());
                }
                await using var server = await SshdServer.StartAsync(options);
                foreach (var type in new[] { "ed25519", "ecdsa", "rsa" })
                {
                    var connect = SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519"));
                    connect.Password = null;
                    connect.PrivateKeyFile = Path.Combine(keys, type);
                    using (var session = await SftpClient.ConnectAsync(connect, SftpTestFiles.Timeout()))
                        Assert.NotNull(await session.TryStatAsync(".", SftpTestFiles.Timeout()));
                }
                Assert.Contains("Accepted publickey for fundmail-sftp from 127.0.0.1 port", server.Log());
                Assert.Contains("RSA SHA256:", server.Log());
            }
            finally
            {
                Directory.Delete(keys, true);
            }
        }

        [Fact]
        public async Task Encrypted_key_file_gets_a_clear_unsupported_error()
        {
            var key = Path.Combine(Path.GetTempPath(), "fundmail-enc-" + System.Guid.NewGuid().ToString("N"));
            await SshdServer.RunAsync("ssh-keygen", "-q -t ed25519 -N secretpass -f " + key);
            try
            {
                var options = new SftpConnectOptions { Host = "127.0.0.1", Port = 1, User = "u", PrivateKeyFile = key, HostKeyFingerprints = new[] { "SHA256:x" } };
                var error = await Assert.ThrowsAsync<SshKeyFileException>(() => SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()));
                Assert.Contains("encrypted keys are unsupported", error.Message);
            }
            finally
            {
                File.Delete(key);
                File.Delete(key + ".pub");
            }
        }

        [Fact]
        public async Task Wrong_password_names_the_methods_the_server_allows()
        {
            await using var server = await SshdServer.StartAsync();
            var options = SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519"));
            options.Password = new Secret("definitely-wrong");
            var error = await Assert.ThrowsAsync<SshAuthenticationException>(() => SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()));
            Assert.Contains("password", error.AllowedMethods);
            Assert.Contains("publickey", error.AllowedMethods);
            Assert.Contains("it allows: publickey,password", error.Message.Replace(", ", ","));
            Assert.DoesNotContain("definitely-wrong", error.ToString());
            Assert.False(error.IsRetryable);
        }

        [Fact]
        public async Task A_wrong_password_is_not_retried_over_keyboard_interactive()
        {
            await using var server = await SshdServer.StartAsync(new SshdOptions { KbdInteractiveAuthentication = true, UsePam = true });
            var options = SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519"));
            options.Password = new Secret("wrong-again");
            var error = await Assert.ThrowsAsync<SshAuthenticationException>(() => SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()));
            Assert.Contains("keyboard-interactive", error.AllowedMethods);
            await Task.Delay(300);
            Assert.Contains("Failed password for fundmail-sftp", server.Log());
            Assert.DoesNotContain("Failed keyboard-interactive", server.Log());
        }

        [Fact]
        public async Task A_server_disconnect_is_reported_with_its_reason()
        {
            var options = new SshdOptions();
            options.ExtraLines.Add("MaxAuthTries 1");
            await using var server = await SshdServer.StartAsync(options);
            var key = Path.Combine(server.Directory, "unauthorized_ed25519");
            await SshdServer.RunAsync("ssh-keygen", "-q -t ed25519 -N \"\" -f " + key);
            var connect = SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519"));
            connect.PrivateKeyFile = key;
            var error = await Assert.ThrowsAsync<SshDisconnectException>(() => SftpClient.ConnectAsync(connect, SftpTestFiles.Timeout()));
            Assert.Contains("Too many authentication failures", error.Message);
            Assert.Contains("the SSH server disconnected", error.Message);
            Assert.False(error.IsRetryable);
        }

        [Fact]
        public async Task Keyboard_interactive_carries_the_password_when_password_auth_is_off()
        {
            await using var server = await SshdServer.StartAsync(new SshdOptions
            {
                PasswordAuthentication = false, KbdInteractiveAuthentication = true, UsePam = true,
            });
            using (var session = await SftpClient.ConnectAsync(SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519")), SftpTestFiles.Timeout()))
                Assert.NotNull(await session.TryStatAsync(".", SftpTestFiles.Timeout()));
            Assert.Contains("Accepted keyboard-interactive/pam for fundmail-sftp", server.Log());
        }
    }
}
