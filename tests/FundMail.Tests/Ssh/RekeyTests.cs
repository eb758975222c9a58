using System;
using System.IO;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.Tests.Sftp;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Ssh
{
    public sealed class RekeyTests
    {
        [Fact]
        public async Task Server_initiated_rekeys_mid_transfer_keep_the_upload_intact()
        {
            await using var server = await SshdServer.StartAsync(new SshdOptions { RekeyLimit = "1M" });
            await UploadAndCountRekeys(server, clientLimit: 1L << 40, expectAtLeast: 5);
        }

        [Fact]
        public async Task Client_initiated_rekeys_after_the_byte_limit_keep_the_upload_intact()
        {
            await using var server = await SshdServer.StartAsync();
            await UploadAndCountRekeys(server, clientLimit: 1_000_000, expectAtLeast: 5);
        }

        [Fact]
        public async Task Keepalives_go_out_on_an_idle_connection_and_it_stays_usable()
        {
            await using var server = await SshdServer.StartAsync();
            var options = SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519"));
            options.KeepAliveInterval = TimeSpan.FromMilliseconds(500);
            using (var session = await SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()))
            {
                await Task.Delay(2500);
                Assert.True(((SftpSession)session).Transport.KeepalivesSent >= 1);
                Assert.NotNull(await session.TryStatAsync(".", SftpTestFiles.Timeout()));
            }
        }

        private static async Task UploadAndCountRekeys(SshdServer server, long clientLimit, int expectAtLeast)
        {
            var local = SftpTestFiles.Create(10_000_000, seed: 11);
            try
            {
                var options = SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519"));
                options.RekeyAfterBytes = clientLimit;
                using (var session = await SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()))
                {
                    var result = await new SftpUploader(session).UploadAsync(local, "rekeyed.bin", SftpTestFiles.Timeout());
                    Assert.True(((SftpSession)session).Transport.KeyExchangeCount >= expectAtLeast,
                        "only " + ((SftpSession)session).Transport.KeyExchangeCount + " key exchanges");
                    Assert.Equal(SftpTestFiles.Sha256(local), result.Sha256);
                }
                Assert.Equal(SftpTestFiles.Sha256(local), SftpTestFiles.Sha256(Path.Combine(server.UploadRoot, "rekeyed.bin")));
            }
            finally
            {
                File.Delete(local);
            }
        }
    }
}
