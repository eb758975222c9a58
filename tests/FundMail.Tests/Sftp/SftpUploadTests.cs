using System;
using System.IO;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.Ssh;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Sftp
{
    public sealed class SftpUploadTests : IAsyncLifetime
    {
        private SshdServer _server = null!;
        private string _fingerprint = "";

        public async Task InitializeAsync()
        {
            _server = await SshdServer.StartAsync();
            _fingerprint = await _server.FingerprintAsync("ed25519");
        }

        public async Task DisposeAsync() => await _server.DisposeAsync();

        [Fact]
        public async Task Upload_with_default_algorithms_lands_complete_and_negotiates_strict_kex()
        {
            var local = SftpTestFiles.Create(5_000_000);
            try
            {
                using (var session = await SftpClient.ConnectAsync(SftpTestFiles.Options(_server, _fingerprint), SftpTestFiles.Timeout()))
                {
                    var transport = ((SftpSession)session).Transport;
                    Assert.True(transport.StrictKex);
                    Assert.Equal("curve25519-sha256", transport.KexAlgorithm);
                    Assert.Equal("ssh-ed25519", transport.HostKeyAlgorithm);
                    Assert.Equal("chacha20-poly1305@openssh.com", transport.CipherClientToServer);
                    var uploaded = await new SftpUploader(session).UploadAsync(local, "in/deep/file.bin", SftpTestFiles.Timeout());
                    Assert.Equal(5_000_000, uploaded.Bytes);
                    Assert.Equal(SftpTestFiles.Sha256(local), uploaded.Sha256);
                }
                var remote = Path.Combine(_server.UploadRoot, "in/deep/file.bin");
                Assert.Equal(SftpTestFiles.Sha256(local), SftpTestFiles.Sha256(remote));
                Assert.Single(Directory.GetFiles(Path.GetDirectoryName(remote)!));
            }
            finally
            {
                File.Delete(local);
            }
        }
    }
}
