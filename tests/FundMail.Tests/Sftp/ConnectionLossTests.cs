using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.Ssh;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Sftp
{
    public sealed class ConnectionLossTests
    {
        [Fact]
        public async Task Killing_sshd_mid_upload_leaves_only_our_temp_file_which_the_retry_sweeps()
        {
            await using var server = await SshdServer.StartAsync();
            var fingerprint = await server.FingerprintAsync("ed25519");
            var local = SftpTestFiles.Create(200_000_000, seed: 12);
            var target = Path.Combine(server.UploadRoot, "mail.db");
            try
            {
                using (var session = await SftpClient.ConnectAsync(SftpTestFiles.Options(server, fingerprint), SftpTestFiles.Timeout()))
                {
                    var upload = new SftpUploader(session).UploadAsync(local, "mail.db", SftpTestFiles.Timeout());
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    while (!Directory.GetFiles(server.UploadRoot, ".mail.db.fundmail-*.tmp").Any(f => new FileInfo(f).Length > 20_000_000))
                    {
                        Assert.True(DateTime.UtcNow < deadline, "the upload never got going");
                        Assert.False(upload.IsCompleted, "the upload finished before sshd could be killed");
                        await Task.Delay(5);
                    }
                    server.Kill();
                    var error = await Assert.ThrowsAnyAsync<SshException>(() => upload);
                    Assert.True(error.IsRetryable, error.GetType().Name + ": " + error.Message);
                }
                Assert.False(File.Exists(target));
                Assert.Single(Directory.GetFiles(server.UploadRoot, ".mail.db.fundmail-*.tmp"));

                await server.RestartAsync();
                using (var session = await SftpClient.ConnectAsync(SftpTestFiles.Options(server, fingerprint), SftpTestFiles.Timeout()))
                {
                    var uploader = new SftpUploader(session, staleTempAge: TimeSpan.Zero);
                    var results = await uploader.UploadManyAsync(new[] { new UploadRequest(local, "mail.db") }, SftpTestFiles.Timeout());
                    Assert.Equal(SftpTestFiles.Sha256(local), results[0].Sha256);
                }
                Assert.Equal(new[] { "mail.db" }, Directory.GetFiles(server.UploadRoot).Select(Path.GetFileName));
                Assert.Equal(SftpTestFiles.Sha256(local), SftpTestFiles.Sha256(target));
            }
            finally
            {
                File.Delete(local);
            }
        }
    }
}
