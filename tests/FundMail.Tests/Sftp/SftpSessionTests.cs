using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Sftp
{
    public sealed class SftpSessionTests : IAsyncLifetime
    {
        private SshdServer _server = null!;

        public async Task InitializeAsync() => _server = await SshdServer.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        private async Task<ISftpSession> ConnectAsync(System.Threading.CancellationToken ct) =>
            await SftpClient.ConnectAsync(SftpTestFiles.Options(_server, await _server.FingerprintAsync("ed25519")), ct);

        [Fact]
        public async Task File_operations_behave_as_on_the_server_disk()
        {
            var ct = SftpTestFiles.Timeout();
            using var session = await ConnectAsync(ct);
            Assert.True(session.SupportsPosixRename);
            Assert.True(session.SupportsFsync);
            Assert.Equal(_server.UploadRoot, await session.RealPathAsync(".", ct));

            await session.CreateDirectoriesAsync("a/b/c", ct);
            await session.CreateDirectoriesAsync("a/b/c", ct);
            Assert.True((await session.TryStatAsync("a/b/c", ct))!.IsDirectory);
            Assert.Null(await session.TryStatAsync("a/missing", ct));

            var handle = await session.OpenAsync("a/b/c/f.txt", SftpOpenMode.Write | SftpOpenMode.Create | SftpOpenMode.Exclusive, ct);
            using (var data = new MemoryStream(new byte[] { 1, 2, 3, 4, 5 }))
                Assert.Equal(5, await session.WriteAsync(handle, data, SftpUploader.MostWritesInFlight, null, ct));
            Assert.Equal(5, (await session.FStatAsync(handle, ct)).Size);
            await session.FsyncAsync(handle, ct);
            await session.CloseAsync(handle, ct);

            var exclusive = await Assert.ThrowsAsync<SftpStatusException>(() =>
                session.OpenAsync("a/b/c/f.txt", SftpOpenMode.Write | SftpOpenMode.Create | SftpOpenMode.Exclusive, ct));
            Assert.Equal(SftpStatus.Failure, exclusive.Status);

            await session.RenameAsync("a/b/c/f.txt", "a/b/c/g.txt", ct);
            var entries = await session.ListDirectoryAsync("a/b/c", ct);
            Assert.Contains(entries, e => e.Name == "g.txt" && e.Attributes.IsRegularFile && e.Attributes.Size == 5);
            Assert.DoesNotContain(entries, e => e.Name == "f.txt");
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, File.ReadAllBytes(Path.Combine(_server.UploadRoot, "a/b/c/g.txt")));

            await session.RemoveAsync("a/b/c/g.txt", ct);
            Assert.DoesNotContain(await session.ListDirectoryAsync("a/b/c", ct), e => e.Name != "." && e.Name != "..");
            var missing = await Assert.ThrowsAsync<SftpStatusException>(() => session.RemoveAsync("a/b/c/g.txt", ct));
            Assert.Equal(SftpStatus.NoSuchFile, missing.Status);
            Assert.Contains("a/b/c/g.txt", missing.Message);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(SftpUploader.WritesInFlightNearby)]
        [InlineData(SftpUploader.MostWritesInFlight)]
        public async Task Writes_land_byte_exact_whatever_number_is_kept_in_flight(int writesInFlight)
        {
            var ct = SftpTestFiles.Timeout();
            using var session = await ConnectAsync(ct);
            // 3 MiB and a bit: more requests than any limit here, the last one partial.
            var bytes = new byte[3 * 1024 * 1024 + 12_345];
            new System.Random(writesInFlight).NextBytes(bytes);
            var name = "limit" + writesInFlight + ".bin";
            var handle = await session.OpenAsync(name, SftpOpenMode.Write | SftpOpenMode.Create | SftpOpenMode.Exclusive, ct);
            using (var data = new MemoryStream(bytes))
                Assert.Equal(bytes.Length, await session.WriteAsync(handle, data, writesInFlight, null, ct));
            await session.CloseAsync(handle, ct);
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(_server.UploadRoot, name)));
        }

        [Fact]
        public async Task No_write_in_flight_is_refused_before_anything_is_sent()
        {
            var ct = SftpTestFiles.Timeout();
            using var session = await ConnectAsync(ct);
            var handle = await session.OpenAsync("none.bin", SftpOpenMode.Write | SftpOpenMode.Create | SftpOpenMode.Exclusive, ct);
            using (var data = new MemoryStream(new byte[10]))
                await Assert.ThrowsAsync<System.ArgumentOutOfRangeException>(() => session.WriteAsync(handle, data, 0, null, ct));
            await session.CloseAsync(handle, ct);
            Assert.Equal(0, new FileInfo(Path.Combine(_server.UploadRoot, "none.bin")).Length);
        }
    }
}
