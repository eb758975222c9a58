using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;

namespace FundMail.Sftp
{
    /// <summary>
    /// restic's recipe for a safe upload: write an exclusively created temp file next to the target, check the byte count,
    /// fsync, rename onto the final name, check the remote size. On failure the temp file is removed when the connection
    /// still allows it; what a dropped connection leaves behind is swept before the next uploads into that directory.
    /// </summary>
    public sealed class SftpUploader : ISftpUploader
    {
        private static readonly Regex TempName = new Regex(@"^\..+\.fundmail-[0-9a-f]{16}\.tmp$");
        private readonly ISftpSession _session;
        private readonly TimeSpan _staleTempAge;

        /// <param name="staleTempAge">UploadManyAsync first sweeps temp files older than this from each target directory.</param>
        public SftpUploader(ISftpSession session, TimeSpan? staleTempAge = null)
        {
            _session = session;
            _staleTempAge = staleTempAge ?? TimeSpan.FromHours(1);
        }

        public async Task<IReadOnlyList<UploadedFile>> UploadManyAsync(IReadOnlyList<UploadRequest> files, CancellationToken ct)
        {
            foreach (var directory in files.Select(f => DirectoryOf(f.RemotePath)).Distinct())
            {
                await _session.CreateDirectoriesAsync(directory, ct).ConfigureAwait(false);
                await SweepStaleTempFilesAsync(directory, _staleTempAge, ct).ConfigureAwait(false);
            }
            var results = new List<UploadedFile>();
            foreach (var file in files) results.Add(await UploadOneAsync(file.LocalPath, file.RemotePath, false, ct).ConfigureAwait(false));
            return results;
        }

        public Task<UploadedFile> UploadAsync(string localPath, string remotePath, CancellationToken ct) =>
            UploadOneAsync(localPath, remotePath, true, ct);

        private async Task<UploadedFile> UploadOneAsync(string localPath, string remotePath, bool ensureDirectory, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            var directory = DirectoryOf(remotePath);
            var name = remotePath.Substring(remotePath.LastIndexOf('/') + 1);
            if (name.Length == 0) throw new ArgumentException("the remote path '" + remotePath + "' names no file");
            var temp = (directory == "." ? "" : directory + "/") + "." + name + ".fundmail-" + Bytes.Hex(Bytes.Random(8)) + ".tmp";

            // The local file is opened first: a missing file fails before anything happens on the server.
            using (var local = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var expected = local.Length;
                if (ensureDirectory) await _session.CreateDirectoriesAsync(directory, ct).ConfigureAwait(false);
                var handle = await _session.OpenAsync(temp, SftpOpenMode.Write | SftpOpenMode.Create | SftpOpenMode.Exclusive, ct).ConfigureAwait(false);
                long written;
                try
                {
                    try
                    {
                        written = await _session.WriteAsync(handle, local, (b, o, c) => sha.AppendData(b, o, c), ct).ConfigureAwait(false);
                        if (written != expected)
                            throw new SftpVerificationException("'" + localPath + "' changed while it was uploaded: " + written + " bytes read, " + expected + " expected");
                    }
                    catch
                    {
                        await CloseQuietlyAsync(handle).ConfigureAwait(false);
                        throw;
                    }
                    // FSYNC and CLOSE go out together: requests on one handle are processed in order, so one round trip serves both.
                    var synced = _session.SupportsFsync ? _session.FsyncAsync(handle, ct) : Task.CompletedTask;
                    var closed = _session.CloseAsync(handle, ct);
                    await Task.WhenAll(synced, closed).ConfigureAwait(false);
                    await MoveIntoPlaceAsync(temp, remotePath, ct).ConfigureAwait(false);
                }
                catch
                {
                    await RemoveQuietlyAsync(temp).ConfigureAwait(false);
                    throw;
                }
                var remote = await _session.TryStatAsync(remotePath, ct).ConfigureAwait(false);
                if (remote?.Size != expected)
                    throw new SftpVerificationException("'" + remotePath + "' has " + (remote?.Size?.ToString() ?? "no") + " bytes on the server after upload, " + expected + " expected");
                return new UploadedFile(localPath, remotePath, written, Bytes.Hex(sha.GetHashAndReset()), clock.Elapsed);
            }
        }

        public async Task<int> SweepStaleTempFilesAsync(string remoteDirectory, TimeSpan olderThan, CancellationToken ct)
        {
            var removed = 0;
            var cutoff = DateTimeOffset.UtcNow - olderThan;
            foreach (var entry in await _session.ListDirectoryAsync(remoteDirectory, ct).ConfigureAwait(false))
            {
                if (!TempName.IsMatch(entry.Name) || !entry.Attributes.IsRegularFile) continue;
                // Without a modification time the age is unknown: only an explicit "any age" sweep removes such a file.
                var modified = entry.Attributes.LastWriteTime;
                if (modified == null ? olderThan > TimeSpan.Zero : modified > cutoff) continue;
                await _session.RemoveAsync(remoteDirectory.TrimEnd('/') + "/" + entry.Name, ct).ConfigureAwait(false);
                removed++;
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

        private async Task CloseQuietlyAsync(SftpFileHandle handle)
        {
            try
            {
                using (var quick = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
                    await _session.CloseAsync(handle, quick.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SshException || e is OperationCanceledException)
            {
                // The write error is the one to report; the temp file is removed next.
            }
        }

        private async Task RemoveQuietlyAsync(string temp)
        {
            try
            {
                using (var quick = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
                    await _session.RemoveAsync(temp, quick.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SshException || e is OperationCanceledException)
            {
                // The connection is gone; the sweep before the next upload removes it.
            }
        }

        private static string DirectoryOf(string remotePath)
        {
            var slash = remotePath.LastIndexOf('/');
            return slash < 0 ? "." : slash == 0 ? "/" : remotePath.Substring(0, slash);
        }
    }
}
