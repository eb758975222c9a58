using System;
using System.Collections.Generic;
using System.Linq;
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
                    var info = session.Connection;
                    Assert.True(info.StrictKeyExchange);
                    Assert.Equal("curve25519-sha256", info.KeyExchange);
                    Assert.Equal("ssh-ed25519", info.HostKeyAlgorithm);
                    Assert.Equal(_fingerprint, info.HostKeyFingerprint);
                    Assert.Equal("aes256-gcm@openssh.com", info.CipherClientToServer);
                    Assert.StartsWith("SSH-2.0-OpenSSH_9.2", info.ServerVersion);
                    Assert.Contains("(strict)", info.ToString());
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

        /// <summary>
        /// WRITEs go out in batches of 8 from one buffer of exactly a batch; files that end at, just before or just after a
        /// whole WRITE or a whole batch land exactly. One WRITE carries 32,739 bytes with OpenSSH's 4-byte handles.
        /// </summary>
        [Fact]
        public async Task Sizes_around_whole_writes_and_whole_batches_land_exactly()
        {
            const int write = 32_739;
            var sizes = new long[] { 0, 1, write - 1, write, write + 1, 2 * write, 7 * write, 8 * write - 1, 8 * write, 8 * write + 1, 9 * write, 16 * write, 16 * write + 1 };
            var locals = sizes.Select((size, i) => SftpTestFiles.Create(size, seed: 40 + i)).ToList();
            try
            {
                using (var session = await SftpClient.ConnectAsync(SftpTestFiles.Options(_server, _fingerprint), SftpTestFiles.Timeout()))
                {
                    var requests = locals.Select((l, i) => new UploadRequest(l, "sizes/" + sizes[i] + ".bin")).ToList();
                    var uploaded = await new SftpUploader(session).UploadManyAsync(requests, SftpTestFiles.Timeout());
                    Assert.Equal(sizes, uploaded.Select(u => u.Bytes));
                }
                for (var i = 0; i < sizes.Length; i++)
                    Assert.Equal(SftpTestFiles.Sha256(locals[i]), SftpTestFiles.Sha256(Path.Combine(_server.UploadRoot, "sizes", sizes[i] + ".bin")));
            }
            finally
            {
                locals.ForEach(File.Delete);
            }
        }

        [Fact]
        public async Task Upload_replaces_an_existing_file_and_leaves_no_temp_files()
        {
            var first = SftpTestFiles.Create(100_000, seed: 2);
            var second = SftpTestFiles.Create(70_000, seed: 3);
            try
            {
                using (var session = await Connect())
                {
                    var uploader = new SftpUploader(session);
                    await uploader.UploadAsync(first, "replace/data.bin", SftpTestFiles.Timeout());
                    await uploader.UploadAsync(second, "replace/data.bin", SftpTestFiles.Timeout());
                }
                var dir = Path.Combine(_server.UploadRoot, "replace");
                Assert.Equal(SftpTestFiles.Sha256(second), SftpTestFiles.Sha256(Path.Combine(dir, "data.bin")));
                Assert.Equal(new[] { "data.bin" }, Directory.GetFiles(dir).Select(Path.GetFileName));
            }
            finally
            {
                File.Delete(first);
                File.Delete(second);
            }
        }

        [Fact]
        public async Task Upload_many_keeps_the_order_and_reports_each_file()
        {
            var files = new[] { SftpTestFiles.Create(10_000, 4), SftpTestFiles.Create(0, 5), SftpTestFiles.Create(1_234_567, 6) };
            try
            {
                var requests = new[]
                {
                    new UploadRequest(files[0], "many/att/a1.bin"), new UploadRequest(files[1], "many/att/empty.bin"),
                    new UploadRequest(files[2], "many/db/mail.db"),
                };
                IReadOnlyList<UploadedFile> results;
                using (var session = await Connect())
                    results = await new SftpUploader(session).UploadManyAsync(requests, SftpTestFiles.Timeout());
                Assert.Equal(requests.Select(r => r.RemotePath), results.Select(r => r.RemotePath));
                for (var i = 0; i < files.Length; i++)
                {
                    Assert.Equal(files[i], results[i].LocalPath);
                    Assert.Equal(new FileInfo(files[i]).Length, results[i].Bytes);
                    Assert.Equal(SftpTestFiles.Sha256(files[i]), results[i].Sha256);
                    Assert.True(results[i].Duration > TimeSpan.Zero);
                    Assert.Equal(results[i].Sha256, SftpTestFiles.Sha256(Path.Combine(_server.UploadRoot, requests[i].RemotePath)));
                }
                // That the DB is renamed last is checked where renames can be observed (PipelinedUploadTests): an mtime
                // is the last WRITE, and with files in flight the DB's last write may come before a small file's.
            }
            finally
            {
                foreach (var f in files) File.Delete(f);
            }
        }

        [Fact]
        public async Task Permission_denied_is_a_permanent_error()
        {
            var locked = Path.Combine(_server.UploadRoot, "locked");
            Directory.CreateDirectory(locked);
            var local = SftpTestFiles.Create(1000, 7);
            try
            {
                using (var session = await Connect())
                {
                    var error = await Assert.ThrowsAsync<SftpStatusException>(() => new SftpUploader(session).UploadAsync(local, "locked/x.bin", SftpTestFiles.Timeout()));
                    Assert.Equal(SftpStatus.PermissionDenied, error.Status);
                    Assert.False(error.IsRetryable);
                    Assert.Contains("permission denied", error.Message);
                }
                Assert.Empty(Directory.GetFileSystemEntries(locked));
            }
            finally
            {
                File.Delete(local);
            }
        }

        [Fact]
        public async Task Full_disk_is_a_permanent_error_and_the_temp_file_is_removed()
        {
            var full = Path.Combine(_server.UploadRoot, "full");
            Directory.CreateDirectory(full);
            await SshdServer.RunAsync("mount", "-t tmpfs -o size=1m tmpfs " + full);
            var local = SftpTestFiles.Create(3_000_000, 8);
            try
            {
                await SshdServer.RunAsync("chown", SshdServer.User + " " + full);
                using (var session = await Connect())
                {
                    var error = await Assert.ThrowsAsync<SftpStatusException>(() => new SftpUploader(session).UploadAsync(local, "full/big.bin", SftpTestFiles.Timeout()));
                    Assert.Equal(SftpStatus.Failure, error.Status);
                    Assert.False(error.IsRetryable);
                    Assert.Empty(Directory.GetFileSystemEntries(full));
                }
            }
            finally
            {
                await SshdServer.RunAsync("umount", full);
                File.Delete(local);
            }
        }

        [Fact]
        public async Task Sweep_removes_only_our_stale_temp_files()
        {
            var dir = Path.Combine(_server.UploadRoot, "sweep");
            Directory.CreateDirectory(dir);
            var stale = Path.Combine(dir, ".mail.db.fundmail-0123456789abcdef.tmp");
            var fresh = Path.Combine(dir, ".mail.db.fundmail-fedcba9876543210.tmp");
            var foreign = Path.Combine(dir, ".other.tmp");
            foreach (var f in new[] { stale, fresh, foreign }) File.WriteAllText(f, "x");
            File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-3));
            File.SetLastWriteTimeUtc(foreign, DateTime.UtcNow.AddHours(-3));
            await SshdServer.RunAsync("chown", "-R " + SshdServer.User + " " + dir);
            using (var session = await Connect())
                Assert.Equal(1, await new SftpUploader(session).SweepStaleTempFilesAsync("sweep", TimeSpan.FromHours(1), SftpTestFiles.Timeout()));
            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(fresh));
            Assert.True(File.Exists(foreign));
        }

        [Fact]
        public async Task Without_posix_rename_an_existing_target_is_replaced_explicitly()
        {
            var first = SftpTestFiles.Create(5000, 9);
            var second = SftpTestFiles.Create(6000, 10);
            try
            {
                using (var session = new PlainRenameSession(await Connect()))
                {
                    Assert.False(session.SupportsPosixRename);
                    var uploader = new SftpUploader(session);
                    await uploader.UploadAsync(first, "plain/f.bin", SftpTestFiles.Timeout());
                    await uploader.UploadAsync(second, "plain/f.bin", SftpTestFiles.Timeout());
                }
                Assert.Equal(SftpTestFiles.Sha256(second), SftpTestFiles.Sha256(Path.Combine(_server.UploadRoot, "plain/f.bin")));
            }
            finally
            {
                File.Delete(first);
                File.Delete(second);
            }
        }

        private Task<ISftpSession> Connect() => SftpClient.ConnectAsync(SftpTestFiles.Options(_server, _fingerprint), SftpTestFiles.Timeout());
    }
}
