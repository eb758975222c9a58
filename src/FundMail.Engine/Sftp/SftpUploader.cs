using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;

namespace FundMail.Sftp
{
    /// <summary>
    /// restic's recipe for a safe upload: write an exclusively created temp file next to the target, check the byte count,
    /// fsync, rename onto the final name. On failure the temp file is removed when the connection still allows it; what a
    /// dropped connection leaves behind is swept before the next uploads into that directory.
    /// UploadManyAsync runs many files' sequences at once, on the session and its sibling (see <see cref="UploadPipeline"/>
    /// and <see cref="UploadLanes"/>).
    /// </summary>
    public sealed class SftpUploader : ISftpUploader
    {
        /// <summary>
        /// Files whose sequences run at once in UploadManyAsync (over both lanes together). Each costs four round trips (open,
        /// write, fstat+fsync+close, rename). Measured at 30 ms RTT, 2,000 files of ~100 KB (two runs each), one lane:
        /// 32 → 8.8/9.9 s, 64 → 5.1/6.0 s, 128 → 4.4/5.7 s, 256 → 7.0/7.9 s (too many files sharing the bandwidth push their
        /// fsyncs, which the server runs one after another, towards the end). With two lanes, 64 → 5.2–5.5 s and 128 →
        /// 4.5–5.0 s. 64, not 128: each file in flight holds a write batch (then 256 KiB), and 128 peaked at 113 MB RSS for those
        /// files and at 188–202 MB for a cycle's 2,201 files (621 MB), against 89 and 96 MB for 64.
        /// </summary>
        public const int MostFilesInFlight = 64;

        /// <summary>WRITEs each file keeps unanswered, as OpenSSH's sftp does: 64 of ~32 KiB fill sshd's 2 MiB channel window.</summary>
        public const int MostWritesInFlight = 64;

        /// <summary>
        /// Files in flight, and WRITEs in flight per file, for a server close by (a handshake round trip under
        /// <see cref="Nearby"/>: the same machine or a LAN). There a full window buys no speed, and what it piles up costs
        /// OpenSSH's sshd dearly: data the sftp-server has not taken yet waits in a channel buffer that grows 32 KiB at a
        /// time, each step a copy of the whole buffer into fresh memory, up to twice the window. Measured on loopback:
        /// <list type="bullet">
        /// <item>64 → 16 files: 112 files 1.61 → 1.34 s (sshd's CPU for them 0.85 → 0.68 s); at 30 ms the same 112 files take
        /// 2.46 s either way, while 2,241 files need the 64 (21.2 → 9.7 s).</item>
        /// <item>16 files × 64 writes → 8 × 8: a cycle's 2,240 files (632 MB) 4.70–4.86 → 4.08–4.17 s, CPU of client and
        /// server together 6.3–6.6 → 5.4 s, sshd's connection process 1.9–2.1 → 1.25 s and its page faults 75–89k → 4–12k
        /// (OpenSSH's sftp: 4.8–5.0 s, 5.3 s, 1.7 s, 25k); one 200 MB file 1.72–2.08 → 1.53–1.57 s.</item>
        /// </list>
        /// </summary>
        public const int FilesInFlightNearby = 8;

        /// <summary>WRITEs in flight per file for a server close by (see <see cref="FilesInFlightNearby"/>).</summary>
        public const int WritesInFlightNearby = 8;

        private static readonly TimeSpan Nearby = TimeSpan.FromMilliseconds(10);

        /// <summary>Files whose sequences run at once in UploadManyAsync: what suits the link, or fewer where something else needs the memory.</summary>
        public int FilesInFlight { get; set; }

        /// <summary>What suits the link: <see cref="FilesInFlightNearby"/> for a server close by, else <see cref="MostFilesInFlight"/>.</summary>
        public int FilesInFlightForLink { get; }

        /// <summary>WRITEs each file keeps in flight: <see cref="WritesInFlightNearby"/> for a server close by, else <see cref="MostWritesInFlight"/>.</summary>
        public int WritesInFlight { get; }

        private static readonly Regex TempName = new Regex(@"^\..+\.fundmail-[0-9a-f]{16}\.tmp$");
        private readonly ISftpSession _session;
        private readonly RemoteDirectories _directories;

        // Names of the temp files this uploader is writing right now: a sweep running alongside never touches them.
        private readonly ConcurrentDictionary<string, byte> _ownTemps = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);

        /// <param name="staleTempAge">UploadManyAsync sweeps temp files older than this from each target directory that already existed (once per uploader).</param>
        public SftpUploader(ISftpSession session, TimeSpan? staleTempAge = null)
        {
            _session = session;
            var nearby = session.HandshakeRoundTrip < Nearby;
            FilesInFlight = FilesInFlightForLink = nearby ? FilesInFlightNearby : MostFilesInFlight;
            WritesInFlight = nearby ? WritesInFlightNearby : MostWritesInFlight;
            var age = staleTempAge ?? TimeSpan.FromHours(1);
            _directories = new RemoteDirectories(session, (dir, ct) => SweepStaleTempFilesAsync(dir, age, ct));
        }

        /// <summary>
        /// Uploads all files with many in flight at once. The last file is the batch's commit mark (the caller's DB): it
        /// moves into place only after every other file is in place. Results come in request order; the first failure
        /// stops the batch and is thrown, and then the last file's final name is left untouched.
        /// </summary>
        public Task<IReadOnlyList<UploadedFile>> UploadManyAsync(IReadOnlyList<UploadRequest> files, CancellationToken ct) =>
            UploadManyAsync(files, _ => { }, ct);

        public Task<IReadOnlyList<UploadedFile>> UploadManyAsync(IReadOnlyList<UploadRequest> files, Action<UploadedFile> inPlace, CancellationToken ct) =>
            new UploadPipeline(this, _directories, new UploadLanes(_session, twoLanes: files.Count > 1, ct), files, FilesInFlight, inPlace).RunAsync(ct);

        public async Task<UploadedFile> UploadAsync(string localPath, string remotePath, CancellationToken ct)
        {
            TempPathFor(remotePath); // A path that names no file fails before anything happens on the server.
            await _session.CreateDirectoriesAsync(RemotePaths.DirectoryOf(remotePath), ct).ConfigureAwait(false);
            var staged = await StageAsync(new UploadLanes(_session, twoLanes: false, ct), localPath, remotePath, ct).ConfigureAwait(false);
            return await CommitAsync(staged, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// Writes the file under a temp name and proves it complete on the server: every WRITE acknowledged, the server's
        /// size (FSTAT, sent after the last WRITE on the same handle) equal to the local length, data fsynced, handle closed.
        /// </summary>
        internal async Task<StagedUpload> StageAsync(UploadLanes lanes, string localPath, string remotePath, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            var temp = TempPathFor(remotePath);
            // The local file is opened first: a missing file fails before anything happens on the server. No FileStream
            // buffer: the writer reads 32 KiB at a time, and with many files in flight 64 KiB buffers each would add up.
            using (var local = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            {
                var lane = lanes.Take(local.Length);
                try
                {
                    var written = await StageOnAsync(lanes, lane, local, localPath, remotePath, temp, ct).ConfigureAwait(false);
                    return new StagedUpload(localPath, remotePath, temp, written.Bytes, written.Sha256, clock);
                }
                finally
                {
                    lanes.Done(lane, local.Length);
                }
            }
        }

        private async Task<(long Bytes, string Sha256)> StageOnAsync(UploadLanes lanes, int lane, FileStream local, string localPath,
            string remotePath, string temp, CancellationToken ct)
        {
            var session = lanes.Session(lane);
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var expected = local.Length;
                _ownTemps[RemotePaths.NameOf(temp)] = 0;
                SftpFileHandle handle;
                try
                {
                    handle = await session.OpenAsync(temp, SftpOpenMode.Write | SftpOpenMode.Create | SftpOpenMode.Exclusive, ct).ConfigureAwait(false);
                }
                catch
                {
                    _ownTemps.TryRemove(RemotePaths.NameOf(temp), out _);
                    throw;
                }
                try
                {
                    long written;
                    var writeBehind = expected >= WriteBehind.MinimumFileBytes && session.SupportsFsync ? WriteBehind.Start(lanes.Flusher(lane, ct), temp, ct) : null;
                    try
                    {
                        written = await session.WriteAsync(handle, local, WritesInFlight, (b, o, c) =>
                        {
                            sha.AppendData(b, o, c);
                            writeBehind?.Sent(c);
                        }, ct).ConfigureAwait(false);
                        if (written != expected)
                            throw new SftpVerificationException("'" + localPath + "' changed while it was uploaded: " + written + " bytes read, " + expected + " expected");
                    }
                    catch
                    {
                        await CloseQuietlyAsync(session, handle).ConfigureAwait(false);
                        throw;
                    }
                    finally
                    {
                        // Before the closing fsync (little is left for it) or the temp file's removal (some servers refuse
                        // to remove a file that is still open).
                        if (writeBehind != null) await writeBehind.FinishAsync().ConfigureAwait(false);
                    }
                    // FSTAT, FSYNC and CLOSE go out together: requests on one handle are processed in order, so one round
                    // trip serves all three, and the size FSTAT reports is the file's after every WRITE.
                    var stat = session.FStatAsync(handle, ct);
                    var synced = session.SupportsFsync ? session.FsyncAsync(handle, ct) : Task.CompletedTask;
                    var closed = session.CloseAsync(handle, ct);
                    await Task.WhenAll(stat, synced, closed).ConfigureAwait(false);
                    var size = (await stat.ConfigureAwait(false)).Size;
                    if (size != expected)
                        throw new SftpVerificationException("'" + remotePath + "' has " + (size?.ToString() ?? "no") + " bytes on the server after upload, " + expected + " expected");
                    return (written, Bytes.Hex(sha.GetHashAndReset()));
                }
                catch
                {
                    await DiscardAsync(temp).ConfigureAwait(false);
                    throw;
                }
            }
        }

        /// <summary>
        /// Moves a staged file onto its final name. No STAT afterwards: the size was proven on the temp file, and a
        /// successful rename makes the final name that same file (a rename moves, it does not copy).
        /// </summary>
        internal async Task<UploadedFile> CommitAsync(StagedUpload staged, CancellationToken ct)
        {
            try
            {
                await MoveIntoPlaceAsync(staged.TempPath, staged.RemotePath, ct).ConfigureAwait(false);
            }
            catch
            {
                await DiscardAsync(staged.TempPath).ConfigureAwait(false);
                throw;
            }
            _ownTemps.TryRemove(RemotePaths.NameOf(staged.TempPath), out _);
            return new UploadedFile(staged.LocalPath, staged.RemotePath, staged.Bytes, staged.Sha256, staged.Clock.Elapsed);
        }

        /// <summary>Removes a temp file that will not be moved into place (quietly: a dead connection leaves it to the sweep).</summary>
        internal async Task DiscardAsync(string tempPath)
        {
            try
            {
                using (var quick = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
                    await _session.RemoveAsync(tempPath, quick.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SshException || e is OperationCanceledException)
            {
                // The connection is gone or the file never got there; the sweep before a later upload removes leftovers.
            }
            _ownTemps.TryRemove(RemotePaths.NameOf(tempPath), out _);
        }

        public async Task<int> SweepStaleTempFilesAsync(string remoteDirectory, TimeSpan olderThan, CancellationToken ct)
        {
            var removed = 0;
            var cutoff = DateTimeOffset.UtcNow - olderThan;
            foreach (var entry in await _session.ListDirectoryAsync(remoteDirectory, ct).ConfigureAwait(false))
            {
                if (!TempName.IsMatch(entry.Name) || !entry.Attributes.IsRegularFile || _ownTemps.ContainsKey(entry.Name)) continue;
                // Without a modification time the age is unknown: only an explicit "any age" sweep removes such a file.
                var modified = entry.Attributes.LastWriteTime;
                if (modified == null ? olderThan > TimeSpan.Zero : modified > cutoff) continue;
                try
                {
                    await _session.RemoveAsync(remoteDirectory.TrimEnd('/') + "/" + entry.Name, ct).ConfigureAwait(false);
                    removed++;
                }
                catch (SftpStatusException e) when (e.Status == SftpStatus.NoSuchFile)
                {
                    // Gone since the listing (renamed into place or removed by its uploader): what the sweep wanted.
                }
            }
            return removed;
        }

        /// <summary>
        /// posix-rename replaces the target atomically. Without it (or when it is refused, as some Windows servers do for
        /// an existing target), plain RENAME cannot overwrite: the old file is removed first, leaving a short window
        /// without the file but never a partial one.
        /// </summary>
        private async Task MoveIntoPlaceAsync(string temp, string target, CancellationToken ct)
        {
            if (_session.SupportsPosixRename)
            {
                try
                {
                    await _session.PosixRenameAsync(temp, target, ct).ConfigureAwait(false);
                    return;
                }
                catch (SftpStatusException e) when (e.Status == SftpStatus.Failure || e.Status == SftpStatus.OpUnsupported)
                {
                    // Fall through to the explicit replacement below.
                }
            }
            if (await _session.TryStatAsync(target, ct).ConfigureAwait(false) != null) await _session.RemoveAsync(target, ct).ConfigureAwait(false);
            await _session.RenameAsync(temp, target, ct).ConfigureAwait(false);
        }

        private static async Task CloseQuietlyAsync(ISftpSession session, SftpFileHandle handle)
        {
            try
            {
                using (var quick = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
                    await session.CloseAsync(handle, quick.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SshException || e is OperationCanceledException)
            {
                // The write error is the one to report; the temp file is removed next.
            }
        }

        /// <summary>".name.fundmail-(16 hex).tmp" next to the target; throws when the remote path names no file.</summary>
        private static string TempPathFor(string remotePath)
        {
            var directory = RemotePaths.DirectoryOf(remotePath);
            var name = RemotePaths.NameOf(remotePath);
            if (name.Length == 0) throw new ArgumentException("the remote path '" + remotePath + "' names no file");
            return (directory == "." ? "" : directory.TrimEnd('/') + "/") + "." + name + ".fundmail-" + Bytes.Hex(Bytes.Random(8)) + ".tmp";
        }
    }
}
