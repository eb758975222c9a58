using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
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
                var types = new[] { ("ed25519", "-t ed25519"), ("ecdsa", "-t ecdsa"), ("ecdsa384", "-t ecdsa -b 384"), ("ecdsa521", "-t ecdsa -b 521"), ("rsa", "-t rsa") };
                foreach (var (type, arguments) in types)
                {
                    await SshdServer.RunAsync("ssh-keygen", "-q " + arguments + " -N \"\" -f " + Path.Combine(keys, type));
                    options.AuthorizedKeys.Add(File.ReadAllText(Path.Combine(keys, type + ".pub")).Trim());
                }
                await using var server = await SshdServer.StartAsync(options);
                foreach (var (type, _) in types)
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

        /// <summary>Keys ssh-keygen protected with a passphrase (Korean and spaces in it), each type and each cipher family.</summary>
        [Fact]
        public async Task Passphrase_protected_keys_authenticate_and_a_wrong_or_missing_passphrase_is_named()
        {
            const string passphrase = "펀드 메일 key 7";
            var keys = Path.Combine(Path.GetTempPath(), "fundmail-enc-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(keys);
            try
            {
                // ssh-keygen's default cipher (aes256-ctr) and rounds (16) for one; fewer rounds keep the others quick.
                var made = new[] { ("ed25519", "aes256-ctr", ""), ("ecdsa", "aes128-ctr", "-a 2 -Z aes128-ctr"), ("rsa", "aes256-cbc", "-a 2 -Z aes256-cbc") };
                var options = new SshdOptions { PasswordAuthentication = false };
                foreach (var (type, cipher, extra) in made)
                {
                    await SshdServer.RunAsync("ssh-keygen", "-q -t " + type + " " + extra + " -N \"" + passphrase + "\" -f " + Path.Combine(keys, type));
                    Assert.Equal(cipher, CipherOf(Path.Combine(keys, type)));
                    options.AuthorizedKeys.Add(File.ReadAllText(Path.Combine(keys, type + ".pub")).Trim());
                }
                await using var server = await SshdServer.StartAsync(options);
                foreach (var (type, _, _) in made)
                {
                    var connect = SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519"));
                    connect.Password = null;
                    connect.PrivateKeyFile = Path.Combine(keys, type);
                    connect.PrivateKeyPassphrase = new Secret(passphrase);
                    using (var session = await SftpClient.ConnectAsync(connect, SftpTestFiles.Timeout()))
                        Assert.NotNull(await session.TryStatAsync(".", SftpTestFiles.Timeout()));
                }
                Assert.Equal(3, Regex.Matches(server.Log(), "Accepted publickey for fundmail-sftp").Count);

                var wrong = SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519"));
                wrong.Password = null;
                wrong.PrivateKeyFile = Path.Combine(keys, "ecdsa");
                wrong.PrivateKeyPassphrase = new Secret("펀드 메일 key 8");
                var error = await Assert.ThrowsAsync<SshKeyFileException>(() => SftpClient.ConnectAsync(wrong, SftpTestFiles.Timeout()));
                Assert.Contains("the passphrase is wrong", error.Message);
                Assert.Contains(wrong.PrivateKeyFile, error.Message);
                Assert.DoesNotContain("key 8", error.ToString());

                wrong.PrivateKeyPassphrase = null;
                error = await Assert.ThrowsAsync<SshKeyFileException>(() => SftpClient.ConnectAsync(wrong, SftpTestFiles.Timeout()));
                Assert.Contains("is protected by a passphrase, and none was given (SFTP_KEY_PASSPHRASE)", error.Message);
            }
            finally
            {
                Directory.Delete(keys, true);
            }
        }

        /// <summary>The cipher named in an openssh-key-v1 file: a string right after the 15-byte magic.</summary>
        private static string CipherOf(string keyFile)
        {
            var lines = File.ReadAllLines(keyFile).Where(l => !l.StartsWith("-----", System.StringComparison.Ordinal));
            var data = System.Convert.FromBase64String(string.Concat(lines));
            var length = (data[15] << 24) | (data[16] << 16) | (data[17] << 8) | data[18];
            return System.Text.Encoding.ASCII.GetString(data, 19, length);
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
