using System;
using System.Collections.Generic;
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
    /// <summary>
    /// PuTTY private keys (.ppk) in SFTP_KEY_FILE, made by the real puttygen at test time (a key per run, nothing secret
    /// committed): versions 2 and 3, plain and protected, every key type, against a real sshd that takes keys only.
    /// </summary>
    public sealed class PuttyKeyTests
    {
        /// <summary>
        /// Each key type with the Argon2 settings of its protected v3 file: ed25519 has puttygen's defaults (Argon2id,
        /// 8 MiB, parallelism 1) but 2 passes (puttygen times its passes to ~0.1 s of PuTTY's C: seconds of managed
        /// Argon2 here), the others vary flavour, memory and parallelism with few passes to stay quick.
        /// </summary>
        private static readonly (string Name, string Type, string Kdf)[] Types =
        {
            ("ed25519", "-t ed25519", "kdf=argon2id,memory=8192,passes=2,parallelism=1"),
            ("ecdsa256", "-t ecdsa -b 256", "kdf=argon2i,memory=8192,passes=2"),
            ("ecdsa384", "-t ecdsa -b 384", "kdf=argon2d,memory=4096,passes=3,parallelism=2"),
            ("ecdsa521", "-t ecdsa -b 521", "kdf=argon2id,memory=1024,passes=2"),
            ("rsa", "-t rsa -b 2048", "kdf=argon2i,memory=2048,passes=1,parallelism=4"),
        };

        [Fact]
        public async Task PuTTY_keys_of_each_version_type_and_protection_authenticate_against_sshd()
        {
            var keys = new PuttyKeys(Path.Combine(Path.GetTempPath(), "fundmail-ppk-" + Guid.NewGuid().ToString("N")));
            try
            {
                var made = await Task.WhenAll(Types.Select(t => MakeVariantsAsync(keys, t.Name, t.Type, t.Kdf)));
                var options = new SshdOptions { PasswordAuthentication = false };
                options.AuthorizedKeys.AddRange(made.Select(m => m.PublicLine));
                await using var server = await SshdServer.StartAsync(options);
                var fingerprint = await server.FingerprintAsync("ed25519");
                var files = made.SelectMany(m => m.Files).ToList();
                foreach (var (file, protectedByPassphrase) in files)
                {
                    var connect = SftpTestFiles.Options(server, fingerprint);
                    connect.Password = null;
                    connect.PrivateKeyFile = file;
                    connect.PrivateKeyPassphrase = protectedByPassphrase ? new Secret(PuttyKeys.Passphrase) : null;
                    using (var session = await SftpClient.ConnectAsync(connect, SftpTestFiles.Timeout()))
                        Assert.NotNull(await session.TryStatAsync(".", SftpTestFiles.Timeout()));
                }
                Assert.Equal(20, files.Count);
                Assert.Equal(files.Count, Regex.Matches(server.Log(), "Accepted publickey for fundmail-sftp").Count);
                foreach (var type in new[] { "ED25519", "ECDSA", "RSA" }) Assert.Contains("ssh2: " + type + " SHA256:", server.Log());
            }
            finally
            {
                Directory.Delete(keys.Directory, true);
            }
        }

        /// <summary>One key saved four ways: v3 and v2, plain and protected; the protected v3 one with Windows line ends.</summary>
        private static async Task<(string PublicLine, List<(string, bool)> Files)> MakeVariantsAsync(PuttyKeys keys, string name, string type, string kdf)
        {
            var v3 = await keys.GenerateAsync(name + "-v3", type);
            var v3Protected = await keys.ResaveAsync(v3, name + "-v3-pass", 3, protect: true, kdf);
            File.WriteAllText(v3Protected, File.ReadAllText(v3Protected).Replace("\n", "\r\n"));
            var v2 = await keys.ResaveAsync(v3, name + "-v2", 2, protect: false);
            var v2Protected = await keys.ResaveAsync(v3, name + "-v2-pass", 2, protect: true);
            return (await keys.PublicLineAsync(v3), new List<(string, bool)> { (v3, false), (v3Protected, true), (v2, false), (v2Protected, true) });
        }

        [Fact]
        public async Task Wrong_changed_or_unsupported_PuTTY_keys_are_named_without_key_material_or_passphrase()
        {
            var keys = new PuttyKeys(Path.Combine(Path.GetTempPath(), "fundmail-ppk-" + Guid.NewGuid().ToString("N")));
            try
            {
                var plain = await keys.GenerateAsync("plain", "-t ed25519");
                var v3 = await keys.ResaveAsync(plain, "v3", 3, protect: true, "memory=1024,passes=1");
                var v2 = await keys.ResaveAsync(plain, "v2", 2, protect: true);
                var secretLines = new[] { plain, v3, v2 }.SelectMany(PrivateLines).ToList();

                foreach (var file in new[] { v3, v2 })
                    await ExpectAsync(file, "펀드 메일 key 8", "cannot be opened: the passphrase is wrong");
                await ExpectAsync(v3, null, "is protected by a passphrase, and none was given (SFTP_KEY_PASSPHRASE)");
                await ExpectAsync(Edit(plain, "changed", "Comment: ", "Comment: x"), null, "was changed or damaged: its MAC does not match");
                await ExpectAsync(Edit(v3, "changed-pass", "Comment: 펀드메일 v3", "Comment: 펀드메일 v4"), PuttyKeys.Passphrase,
                    "the passphrase is wrong (or the file was changed: its MAC does not match)");
                await ExpectAsync(Edit(v3, "cipher", "Encryption: aes256-cbc", "Encryption: aes128-ctr"), PuttyKeys.Passphrase,
                    "is encrypted with 'aes128-ctr'; PuTTY keys are read with aes256-cbc or none");
                await ExpectAsync(Edit(v3, "kdf", "Key-Derivation: Argon2id", "Key-Derivation: scrypt"), PuttyKeys.Passphrase,
                    "uses the key derivation 'scrypt'; supported are Argon2id, Argon2i and Argon2d");
                await ExpectAsync(Edit(v3, "memory", "Argon2-Memory: 1024", "Argon2-Memory: 2147483647"), PuttyKeys.Passphrase,
                    "asks Argon2 for 2147483647 KiB");
                await ExpectAsync(Edit(plain, "v1", "PuTTY-User-Key-File-3:", "PuTTY-User-Key-File-1:"), null,
                    "is a PuTTY key file of version 1; versions 2 and 3 are read");
                await ExpectAsync(Edit(plain, "truncated", "Private-Lines: 1", "Private-Lines: 9"), null,
                    "is a damaged PuTTY key file: it has fewer lines than its 'Private-Lines' says");
                await ExpectAsync(await keys.GenerateAsync("dsa", "-t dsa -b 1024"), null, "holds a ssh-dss key; supported are ssh-ed25519, ecdsa-sha2-nistp256/384/521 and ssh-rsa");
                await ExpectAsync(await keys.GenerateAsync("ed448", "-t ed448"), null, "holds a ssh-ed448 key");

                async Task ExpectAsync(string file, string? passphrase, string expected)
                {
                    var options = new SftpConnectOptions
                    {
                        Host = "127.0.0.1", Port = 9, User = "nobody", PrivateKeyFile = file, HostKeyFingerprints = new[] { "SHA256:x" },
                        PrivateKeyPassphrase = passphrase == null ? null : new Secret(passphrase),
                    };
                    var error = await Assert.ThrowsAsync<SshKeyFileException>(() => SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()));
                    Assert.Contains(expected, error.Message);
                    Assert.Contains("private key file '" + file + "'", error.Message);
                    Assert.DoesNotContain("key 8", error.ToString());
                    Assert.DoesNotContain("key 7", error.ToString());
                    foreach (var line in secretLines) Assert.DoesNotContain(line, error.ToString());
                    Assert.False(error.IsRetryable);
                }
            }
            finally
            {
                Directory.Delete(keys.Directory, true);
            }

            string Edit(string source, string name, string find, string replace)
            {
                var text = File.ReadAllText(source);
                Assert.Contains(find, text);
                text = text.Replace(find, replace);
                var path = Path.Combine(keys.Directory, name + ".ppk");
                File.WriteAllText(path, text);
                return path;
            }
        }

        /// <summary>The base64 lines of a key file's private part: none of them may ever show in a message.</summary>
        private static IEnumerable<string> PrivateLines(string ppk)
        {
            var lines = File.ReadAllLines(ppk);
            var at = Array.FindIndex(lines, l => l.StartsWith("Private-Lines: ", StringComparison.Ordinal));
            return lines.Skip(at + 1).Take(int.Parse(lines[at].Substring(15)));
        }
    }
}
