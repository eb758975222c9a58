using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.Cycle;
using FundMail.Sftp;
using FundMail.Tests.Sftp;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Cycle
{
    /// <summary>Files an admin sends (fundmail send, Send-FundMailSftp), against a real sshd: all land, DBs only after the rest.</summary>
    public sealed class FileSenderTests : IAsyncLifetime
    {
        private SshdServer _server = null!;
        private string _fingerprint = "";
        private string _local = "";

        public async Task InitializeAsync()
        {
            _server = await SshdServer.StartAsync();
            _fingerprint = await _server.FingerprintAsync("ed25519");
            _local = Path.Combine(Path.GetTempPath(), "fundmail-send-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_local);
        }

        public async Task DisposeAsync()
        {
            Directory.Delete(_local, true);
            await _server.DisposeAsync();
        }

        [Fact]
        public async Task Every_file_lands_once_reported_as_it_lands_and_no_db_before_all_other_files()
        {
            // The DBs come first in the list and are tiny: only the sender's rule keeps them behind the large files.
            var files = new List<UploadRequest>
            {
                Local("fm_2026_11_21_0900.db", 4_096, 1, "fm_2026_11_21_0900.db"),
                Local("fm_2026_11_21_0905.DB", 4_096, 2, "fm_2026_11_21_0905.DB"),
            };
            for (var i = 0; i < 40; i++)
                files.Add(Local("m" + i + ".eml", i < 4 ? 2_000_000 : 3_000 + i * 701, 10 + i, "2026_11_21/m" + i + ".eml"));

            var reported = new ConcurrentQueue<UploadedFile>();
            var missingAtFirstDbRename = new List<string>();
            var dbRenames = 0;
            using (var session = new HookedSession(await SftpClient.ConnectAsync(SftpTestFiles.Options(_server, _fingerprint), SftpTestFiles.Timeout())))
            {
                session.BeforeRename = (temp, target) =>
                {
                    if (!target.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || dbRenames++ > 0) return;
                    foreach (var other in files.Where(f => !f.RemotePath.EndsWith(".db", StringComparison.OrdinalIgnoreCase)))
                        if (!File.Exists(ServerPath(other.RemotePath))) missingAtFirstDbRename.Add(other.RemotePath);
                };
                await FileSender.SendAsync(new SftpUploader(session), files, reported.Enqueue, SftpTestFiles.Timeout());
            }

            Assert.Equal(2, dbRenames);
            Assert.Empty(missingAtFirstDbRename);
            Assert.Equal(files.Select(f => f.RemotePath).OrderBy(p => p), reported.Select(r => r.RemotePath).OrderBy(p => p));
            Assert.True(reported.Take(files.Count - 2).All(r => !r.RemotePath.EndsWith(".db", StringComparison.OrdinalIgnoreCase)),
                "a DB was reported before every other file was in place");
            foreach (var file in files)
                Assert.Equal(SftpTestFiles.Sha256(file.LocalPath), SftpTestFiles.Sha256(ServerPath(file.RemotePath)));
        }

        [Fact]
        public async Task A_missing_file_stops_the_send_before_any_db_lands()
        {
            var files = new List<UploadRequest>
            {
                Local("fm_2026_11_21_1000.db", 4_096, 3, "fm_2026_11_21_1000.db"),
                Local("a.eml", 10_000, 4, "2026_11_21/a.eml"),
                new UploadRequest(Path.Combine(_local, "gone.eml"), "2026_11_21/gone.eml"),
            };
            var reported = new ConcurrentQueue<UploadedFile>();
            using (var session = await SftpClient.ConnectAsync(SftpTestFiles.Options(_server, _fingerprint), SftpTestFiles.Timeout()))
                await Assert.ThrowsAsync<FileNotFoundException>(() => FileSender.SendAsync(new SftpUploader(session), files, reported.Enqueue, SftpTestFiles.Timeout()));

            Assert.False(File.Exists(ServerPath("fm_2026_11_21_1000.db")), "the DB landed although a file it may name did not");
            Assert.DoesNotContain(reported, r => r.RemotePath.EndsWith(".db", StringComparison.Ordinal));
        }

        private UploadRequest Local(string name, int size, int seed, string remote)
        {
            var path = Path.Combine(_local, name);
            var bytes = new byte[size];
            new Random(seed).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            return new UploadRequest(path, remote);
        }

        private string ServerPath(string remotePath) => Path.Combine(_server.UploadRoot, remotePath);
    }
}
