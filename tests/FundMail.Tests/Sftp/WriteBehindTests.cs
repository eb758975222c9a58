using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Sftp
{
    /// <summary>
    /// Big uploads are flushed to the server's disk while they run, through a sibling sftp session (a second server
    /// process), so the closing fsync has little left; small ones and servers that refuse a second channel go without.
    /// </summary>
    public sealed class WriteBehindTests
    {
        private const long Big = 80L << 20;

        [Fact]
        public async Task A_big_file_is_flushed_behind_on_a_sibling_session_and_still_closed_with_its_own_fsync()
        {
            await using var server = await SshdServer.StartAsync();
            var small = SftpTestFiles.Create(1 << 20, seed: 3);
            var big = SftpTestFiles.Create(Big, seed: 4);
            try
            {
                var options = SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519"));
                using var session = new HookedSession(await SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()));
                var mainOpens = new List<string>();
                session.BeforeOpen = mainOpens.Add;
                var uploader = new SftpUploader(session);

                await uploader.UploadAsync(small, "wb/small.bin", SftpTestFiles.Timeout());
                Assert.Equal(0, session.SiblingRequests);

                var uploaded = await uploader.UploadAsync(big, "wb/big.bin", SftpTestFiles.Timeout());
                var sibling = Assert.IsType<HookedSession>(session.Sibling);
                var siblingOpens = new List<string>();
                sibling.BeforeOpen = siblingOpens.Add;
                Assert.True(sibling.Fsyncs >= 1, "no fsync went through the sibling while 80 MB were written");
                Assert.Equal(1, sibling.Closes);
                Assert.Equal(2, session.Fsyncs); // each file's own closing fsync
                Assert.Equal(SftpTestFiles.Sha256(big), uploaded.Sha256);
                Assert.Equal(SftpTestFiles.Sha256(big), SftpTestFiles.Sha256(Path.Combine(server.UploadRoot, "wb", "big.bin")));

                // The sibling opened the big file's temp name, the one the writing session created.
                await uploader.UploadAsync(big, "wb/again.bin", SftpTestFiles.Timeout());
                Assert.Equal(mainOpens[^1], Assert.Single(siblingOpens));
                Assert.Same(sibling, session.Sibling);
                Assert.Equal(new[] { "again.bin", "big.bin", "small.bin" }, Names(Path.Combine(server.UploadRoot, "wb")));
            }
            finally
            {
                File.Delete(small);
                File.Delete(big);
            }
        }

        [Fact]
        public async Task A_server_that_refuses_a_second_channel_gets_the_big_file_without_write_behind()
        {
            var options = new SshdOptions();
            options.ExtraLines.Add("MaxSessions 1");
            await using var server = await SshdServer.StartAsync(options);
            var big = SftpTestFiles.Create(Big, seed: 5);
            try
            {
                var connect = SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519"));
                using var session = new HookedSession(await SftpClient.ConnectAsync(connect, SftpTestFiles.Timeout()));
                var uploaded = await new SftpUploader(session).UploadAsync(big, "big.bin", SftpTestFiles.Timeout());

                Assert.Equal(1, session.SiblingRequests);
                Assert.Null(session.Sibling);
                Assert.Equal(1, session.Fsyncs);
                Assert.Equal(SftpTestFiles.Sha256(big), uploaded.Sha256);
                Assert.Equal(SftpTestFiles.Sha256(big), SftpTestFiles.Sha256(Path.Combine(server.UploadRoot, "big.bin")));
                // The refused channel left the connection usable.
                Assert.NotNull(await session.TryStatAsync("big.bin", SftpTestFiles.Timeout()));
            }
            finally
            {
                File.Delete(big);
            }
        }

        private static string[] Names(string directory)
        {
            var names = Directory.GetFiles(directory);
            for (var i = 0; i < names.Length; i++) names[i] = Path.GetFileName(names[i]);
            System.Array.Sort(names, System.StringComparer.Ordinal);
            return names;
        }
    }
}
