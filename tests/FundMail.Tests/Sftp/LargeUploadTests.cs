using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.TestServers.Sshd;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Sftp
{
    public sealed class LargeUploadTests
    {
        private readonly ITestOutputHelper _output;

        public LargeUploadTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task One_gigabyte_uploads_intact_while_sshd_rekeys_every_16_MB()
        {
            await using var server = await SshdServer.StartAsync(new SshdOptions { RekeyLimit = "16M" });
            var local = SftpTestFiles.Create(1L << 30, seed: 13);
            try
            {
                var clock = Stopwatch.StartNew();
                UploadedFile result;
                int keyExchanges;
                using (var session = await SftpClient.ConnectAsync(SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519")), SftpTestFiles.Timeout(600)))
                {
                    result = await new SftpUploader(session).UploadAsync(local, "big/one-gigabyte.bin", SftpTestFiles.Timeout(600));
                    keyExchanges = ((SftpSession)session).Transport.KeyExchangeCount;
                }
                _output.WriteLine($"1 GiB in {clock.Elapsed.TotalSeconds:F1} s ({1024 / clock.Elapsed.TotalSeconds:F0} MB/s), {keyExchanges} key exchanges");
                Assert.True(keyExchanges >= 50, "only " + keyExchanges + " key exchanges");
                Assert.Equal(1L << 30, result.Bytes);
                var remote = Path.Combine(server.UploadRoot, "big/one-gigabyte.bin");
                var serverHash = (await SshdServer.RunAsync("sha256sum", remote)).Split(' ')[0];
                Assert.Equal(result.Sha256, serverHash);
                File.Delete(remote);
            }
            finally
            {
                File.Delete(local);
            }
        }
    }
}
