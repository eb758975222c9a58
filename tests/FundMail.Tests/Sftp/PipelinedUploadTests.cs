using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Cycle;
using FundMail.Sftp;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Sftp
{
    /// <summary>
    /// UploadManyAsync with many files in flight, against a real sshd: bytes, DB-last order, failures mid-batch; and
    /// FileSender on top of it (files an admin sends: every .db only after all other files).
    /// </summary>
    public sealed class PipelinedUploadTests : IAsyncLifetime
    {
        private SshdServer _server = null!;
        private string _fingerprint = "";
        private string _local = "";

        public async Task InitializeAsync()
        {
            _server = await SshdServer.StartAsync();
            _fingerprint = await _server.FingerprintAsync("ed25519");
            _local = Path.Combine(Path.GetTempPath(), "fundmail-many-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_local);
        }

        public async Task DisposeAsync()
        {
            Directory.Delete(_local, true);
            await _server.DisposeAsync();
        }

        [Fact]
        public async Task Many_files_land_complete_in_request_order_and_the_db_is_renamed_after_every_other_file()
        {
            // An existing folder with a stale temp of ours (swept) and new nested folders (created, parents first).
            var existing = Path.Combine(_server.UploadRoot, "batch", "2026_11_20");
            Directory.CreateDirectory(existing);
            var stale = Path.Combine(existing, ".old.eml.fundmail-0123456789abcdef.tmp");
            File.WriteAllText(stale, "left by a killed upload");
            File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-3));
            await SshdServer.RunAsync("chown", "-R " + SshdServer.User + " " + Path.Combine(_server.UploadRoot, "batch"));

            // Large attachments first and a tiny DB last: without the DB-last rule its rename would overtake them.
            var requests = new List<UploadRequest>();
            for (var i = 0; i < 240; i++)
            {
                var size = i < 8 ? 3_000_000 : i % 7 == 0 ? 0 : 1_000 + i * 613;
                var folder = i % 3 == 0 ? "2026_11_20" : "2026_11_21/deep/er";
                requests.Add(new UploadRequest(LocalFile("a" + i, size, i), "batch/" + folder + "/m" + i + ".eml"));
            }
            // The same target twice: the later request wins, as it would uploading one after another.
            requests.Add(new UploadRequest(LocalFile("dup1", 5_000, 501), "batch/2026_11_21/same.bin"));
            requests.Add(new UploadRequest(LocalFile("dup2", 7_000, 502), "batch/2026_11_21/same.bin"));
            var db = new UploadRequest(LocalFile("db", 1_000, 999), "batch/fm_2026_11_21_1200.db");
            requests.Add(db);

            var renamed = new ConcurrentQueue<string>();
            var notInPlaceAtDbRename = new List<string>();
            IReadOnlyList<UploadedFile> results;
            using (var session = new HookedSession(await Connect()))
            {
                session.BeforeRename = (temp, target) =>
                {
                    renamed.Enqueue(target);
                    if (target != db.RemotePath) return;
                    // What the server's disk holds at the moment the DB's rename is sent.
                    foreach (var r in requests.Take(requests.Count - 3))
                    {
                        var remote = ServerPath(r.RemotePath);
                        if (!File.Exists(remote) || new FileInfo(remote).Length != new FileInfo(r.LocalPath).Length) notInPlaceAtDbRename.Add(r.RemotePath);
                    }
                    if (!File.Exists(ServerPath("batch/2026_11_21/same.bin"))) notInPlaceAtDbRename.Add("same.bin");
                };
                results = await new SftpUploader(session).UploadManyAsync(requests, SftpTestFiles.Timeout(300));
            }

            Assert.Empty(notInPlaceAtDbRename);
            Assert.Equal(requests.Count, renamed.Count);
            Assert.Equal(db.RemotePath, renamed.Last());
            Assert.Equal(requests.Select(r => r.LocalPath), results.Select(r => r.LocalPath));
            Assert.Equal(requests.Select(r => r.RemotePath), results.Select(r => r.RemotePath));
            foreach (var (request, result) in requests.Zip(results))
            {
                Assert.Equal(SftpTestFiles.Sha256(request.LocalPath), result.Sha256);
                Assert.Equal(new FileInfo(request.LocalPath).Length, result.Bytes);
            }
            foreach (var request in requests.Where(r => !r.RemotePath.EndsWith("same.bin", StringComparison.Ordinal)))
                Assert.Equal(SftpTestFiles.Sha256(request.LocalPath), SftpTestFiles.Sha256(ServerPath(request.RemotePath)));
            Assert.Equal(SftpTestFiles.Sha256(requests[^2].LocalPath), SftpTestFiles.Sha256(ServerPath("batch/2026_11_21/same.bin")));
            Assert.False(File.Exists(stale));
            Assert.Empty(TempFiles());
        }

        [Fact]
        public async Task An_unwritable_folder_mid_batch_fails_it_with_no_partial_final_name_and_no_db()
        {
            var locked = Path.Combine(_server.UploadRoot, "fail", "locked");
            Directory.CreateDirectory(locked);
            await SshdServer.RunAsync("chown", SshdServer.User + " " + Path.Combine(_server.UploadRoot, "fail"));
            var requests = Batch("fail", 150, lockedAt: 75);

            using (var session = await Connect())
            {
                var error = await Assert.ThrowsAsync<SftpStatusException>(() => new SftpUploader(session).UploadManyAsync(requests, SftpTestFiles.Timeout()));
                Assert.Equal(SftpStatus.PermissionDenied, error.Status);
                Assert.Contains("locked", error.Path);
            }
            AssertNoPartialFinalNameAndNoDb(requests);
            Assert.Empty(Directory.GetFileSystemEntries(locked));
            Assert.Empty(TempFiles());
        }

        [Theory]
        [InlineData(1, SftpUploader.FilesInFlightNearby, SftpUploader.WritesInFlightNearby)]
        [InlineData(30, SftpUploader.MostFilesInFlight, SftpUploader.MostWritesInFlight)]
        public async Task Files_and_writes_in_flight_follow_how_far_away_the_server_is(int roundTripMs, int expected, int writes)
        {
            var requests = Batch("flight" + roundTripMs, 200, lockedAt: null);
            int inFlight = 0, most = 0;
            using (var session = new HookedSession(await Connect()) { RoundTripSeen = TimeSpan.FromMilliseconds(roundTripMs) })
            {
                session.BeforeOpen = _ =>
                {
                    var now = Interlocked.Increment(ref inFlight);
                    lock (requests) most = Math.Max(most, now);
                };
                session.BeforeRename = (_, _) => Interlocked.Decrement(ref inFlight);
                var uploader = new SftpUploader(session);
                Assert.Equal(expected, uploader.FilesInFlight);
                await uploader.UploadManyAsync(requests, SftpTestFiles.Timeout());
                Assert.Equal(writes, session.MostWritesInFlight);
            }
            Assert.InRange(most, 2, expected);
            if (expected > SftpUploader.FilesInFlightNearby)
                Assert.True(most > SftpUploader.FilesInFlightNearby, "a server far away got no more files at once than one close by: " + most);
        }

        [Fact]
        public async Task The_handshake_round_trip_is_measured()
        {
            using var session = await Connect();
            Assert.InRange(session.HandshakeRoundTrip, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(5));
        }

        [Fact]
        public async Task A_local_file_that_vanishes_mid_batch_fails_it_with_no_partial_final_name_and_no_db()
        {
            var requests = Batch("gone", 200, lockedAt: null);
            var opens = 0;
            using (var session = new HookedSession(await Connect()))
            {
                // When the tenth file goes out, one far behind it disappears from the local disk.
                session.BeforeOpen = _ =>
                {
                    if (Interlocked.Increment(ref opens) == 10) File.Delete(requests[150].LocalPath);
                };
                var error = await Assert.ThrowsAsync<FileNotFoundException>(() => new SftpUploader(session).UploadManyAsync(requests, SftpTestFiles.Timeout()));
                Assert.Contains(Path.GetFileName(requests[150].LocalPath), error.Message);
            }
            Assert.True(opens < requests.Count, "files after the failure kept starting");
            Assert.False(File.Exists(ServerPath(requests[150].RemotePath)));
            AssertNoPartialFinalNameAndNoDb(requests);
            Assert.Empty(TempFiles());
        }

        [Fact]
        public async Task Cancellation_mid_batch_stops_it_without_the_db()
        {
            var requests = Batch("cancel", 200, lockedAt: null);
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var renames = 0;
            using (var session = new HookedSession(await Connect()))
            {
                session.BeforeRename = (_, _) =>
                {
                    if (Interlocked.Increment(ref renames) == 30) cancel.Cancel();
                };
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SftpUploader(session).UploadManyAsync(requests, cancel.Token));
            }
            Assert.InRange(renames, 30, requests.Count - 1);
            AssertNoPartialFinalNameAndNoDb(requests);
        }

        [Fact]
        public async Task A_connection_lost_mid_batch_is_retryable_and_the_retry_completes_it()
        {
            var requests = Batch("lost", 300, lockedAt: null);
            var renames = 0;
            using (var session = new HookedSession(await Connect()))
            {
                session.BeforeRename = (_, _) =>
                {
                    if (Interlocked.Increment(ref renames) == 50) _server.Kill();
                };
                var error = await Assert.ThrowsAnyAsync<FundMail.Ssh.SshException>(() => new SftpUploader(session).UploadManyAsync(requests, SftpTestFiles.Timeout()));
                Assert.True(error.IsRetryable, error.GetType().Name + ": " + error.Message);
            }
            AssertNoPartialFinalNameAndNoDb(requests);

            await _server.RestartAsync();
            using (var session = await Connect())
                await new SftpUploader(session, staleTempAge: TimeSpan.Zero).UploadManyAsync(requests, SftpTestFiles.Timeout());
            foreach (var request in requests)
                Assert.Equal(SftpTestFiles.Sha256(request.LocalPath), SftpTestFiles.Sha256(ServerPath(request.RemotePath)));
            Assert.Empty(TempFiles());
        }

        [Fact]
        public async Task A_second_batch_into_the_same_folders_neither_stats_nor_sweeps_them_again()
        {
            Directory.CreateDirectory(Path.Combine(_server.UploadRoot, "again", "old"));
            await SshdServer.RunAsync("chown", "-R " + SshdServer.User + " " + Path.Combine(_server.UploadRoot, "again"));
            var first = Batch("again", 20, lockedAt: null);
            var second = Enumerable.Range(0, 5).Select(i => new UploadRequest(LocalFile("again2-" + i, 3_000, i), "again/old/n" + i + ".eml")).ToList();
            using (var session = new HookedSession(await Connect()))
            {
                var uploader = new SftpUploader(session);
                await uploader.UploadManyAsync(first, SftpTestFiles.Timeout());
                Assert.Equal(1, session.Listings); // "again" existed; day0 and day1 were created, so hold nothing stale.
                await uploader.UploadManyAsync(second.Append(first[^1]).ToList(), SftpTestFiles.Timeout());
                Assert.Equal(2, session.Listings); // only "again/old" is new to this uploader.
            }
            foreach (var request in first.Concat(second))
                Assert.Equal(SftpTestFiles.Sha256(request.LocalPath), SftpTestFiles.Sha256(ServerPath(request.RemotePath)));
        }

        [Fact]
        public async Task Sent_files_land_once_reported_as_they_land_and_no_db_before_all_other_files()
        {
            // FileSender (fundmail send, Send-FundMailSftp). The DBs come first in the list and are tiny: only the
            // sender's rule keeps them behind the large files.
            var files = new List<UploadRequest>
            {
                new UploadRequest(LocalNamed("fm_2026_11_21_0900.db", 4_096, 1), "send/fm_2026_11_21_0900.db"),
                new UploadRequest(LocalNamed("fm_2026_11_21_0905.DB", 4_096, 2), "send/fm_2026_11_21_0905.DB"),
            };
            for (var i = 0; i < 40; i++)
                files.Add(new UploadRequest(LocalNamed("s" + i + ".eml", i < 4 ? 2_000_000 : 3_000 + i * 701, 10 + i), "send/2026_11_21/s" + i + ".eml"));

            var reported = new ConcurrentQueue<UploadedFile>();
            var missingAtFirstDbRename = new List<string>();
            var dbRenames = 0;
            using (var session = new HookedSession(await Connect()))
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
        public async Task A_missing_file_stops_a_send_before_any_db_lands()
        {
            var files = new List<UploadRequest>
            {
                new UploadRequest(LocalNamed("fm_2026_11_21_1000.db", 4_096, 3), "gone/fm_2026_11_21_1000.db"),
                new UploadRequest(LocalNamed("a.eml", 10_000, 4), "gone/2026_11_21/a.eml"),
                new UploadRequest(Path.Combine(_local, "gone.eml"), "gone/2026_11_21/gone.eml"),
            };
            var reported = new ConcurrentQueue<UploadedFile>();
            using (var session = await Connect())
                await Assert.ThrowsAsync<FileNotFoundException>(() => FileSender.SendAsync(new SftpUploader(session), files, reported.Enqueue, SftpTestFiles.Timeout()));

            Assert.False(File.Exists(ServerPath("gone/fm_2026_11_21_1000.db")), "the DB landed although a file it may name did not");
            Assert.DoesNotContain(reported, r => r.RemotePath.EndsWith(".db", StringComparison.Ordinal));
        }

        /// <summary>count attachments in two folders (one of them "locked" at index lockedAt, read-only for the sftp user), then a DB.</summary>
        private List<UploadRequest> Batch(string root, int count, int? lockedAt)
        {
            var requests = Enumerable.Range(0, count)
                .Select(i => new UploadRequest(LocalFile(root + i, 2_000 + i * 997, i), root + "/" + (i == lockedAt ? "locked" : "day" + i % 2) + "/m" + i + ".eml"))
                .ToList();
            requests.Add(new UploadRequest(LocalFile(root + "-db", 4_096, 77), root + "/fm_2026_11_21_1200.db"));
            if (lockedAt != null) SshdServer.RunAsync("chmod", "555 " + Path.Combine(_server.UploadRoot, root, "locked")).GetAwaiter().GetResult();
            return requests;
        }

        private void AssertNoPartialFinalNameAndNoDb(IReadOnlyList<UploadRequest> requests)
        {
            Assert.False(File.Exists(ServerPath(requests[^1].RemotePath)), "the DB reached its final name");
            foreach (var request in requests.Take(requests.Count - 1))
            {
                var remote = ServerPath(request.RemotePath);
                if (File.Exists(remote)) Assert.Equal(SftpTestFiles.Sha256(request.LocalPath), SftpTestFiles.Sha256(remote));
            }
        }

        private string LocalFile(string name, int size, int seed) => LocalNamed(name + ".bin", size, seed);

        private string LocalNamed(string fileName, int size, int seed)
        {
            var path = Path.Combine(_local, fileName);
            var bytes = new byte[size];
            new Random(seed).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private IEnumerable<string> TempFiles() => Directory.GetFiles(_server.UploadRoot, "*.fundmail-*.tmp", SearchOption.AllDirectories);

        private string ServerPath(string remotePath) => Path.Combine(_server.UploadRoot, remotePath);

        private Task<ISftpSession> Connect() => SftpClient.ConnectAsync(SftpTestFiles.Options(_server, _fingerprint), SftpTestFiles.Timeout());
    }
}
