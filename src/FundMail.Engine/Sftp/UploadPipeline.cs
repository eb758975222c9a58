using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Sftp
{
    /// <summary>
    /// One UploadManyAsync call. A window of files runs at once, spread over the session and its sibling, each through
    /// its own atomic sequence (open temp, writes, fstat+fsync+close, rename), so the round trips of different files
    /// overlap instead of adding up. The last file (the batch's DB) is staged like the others but renamed only after
    /// every other file is in place and every directory sweep is done: its appearance on the server means "batch complete".
    /// After the first failure no further file starts, files in flight are not renamed (their temp files are removed),
    /// and that failure is thrown once everything started has settled. A failure cancels no step in flight: each answer
    /// is awaited (bounded by the session's operation timeout), so the shared session stays usable. The caller's token
    /// and timeouts still end every wait.
    /// </summary>
    internal sealed class UploadPipeline
    {
        private readonly SftpUploader _uploader;
        private readonly IReadOnlyList<UploadRequest> _files;
        private readonly RemoteDirectories _directories;
        private readonly UploadLanes _lanes;
        private readonly SemaphoreSlim _slots;
        private readonly UploadedFile?[] _results;
        private readonly Action<UploadedFile> _inPlace;
        private ExceptionDispatchInfo? _failure;

        public UploadPipeline(SftpUploader uploader, RemoteDirectories directories, UploadLanes lanes, IReadOnlyList<UploadRequest> files,
            int filesInFlight, Action<UploadedFile> inPlace)
        {
            _lanes = lanes;
            _inPlace = inPlace;
            _uploader = uploader;
            _directories = directories;
            _files = files;
            _slots = new SemaphoreSlim(filesInFlight, filesInFlight);
            _results = new UploadedFile?[files.Count];
        }

        private bool Failed => Volatile.Read(ref _failure) != null;

        public async Task<IReadOnlyList<UploadedFile>> RunAsync(CancellationToken ct)
        {
            if (_files.Count == 0) return Array.Empty<UploadedFile>();
            var prepared = Settle(_directories.PrepareAsync(_files.Select(f => RemotePaths.DirectoryOf(f.RemotePath)), ct));
            var started = new List<Task>();
            // A later request for the same remote path waits for the earlier one, so the last one wins as in a serial upload.
            var previousFor = new Dictionary<string, Task>(StringComparer.Ordinal);
            try
            {
                for (var i = 0; i < _files.Count && !Failed; i++)
                {
                    await _slots.WaitAsync(ct).ConfigureAwait(false);
                    var isLast = i == _files.Count - 1;
                    // The last file's rename waits for all others (started before it) and for the sweeps.
                    var commitAfter = isLast ? Task.WhenAll(started.Append(prepared)) : Task.CompletedTask;
                    previousFor.TryGetValue(_files[i].RemotePath, out var previous);
                    var upload = UploadAsync(i, previous ?? Task.CompletedTask, commitAfter, ct);
                    previousFor[_files[i].RemotePath] = upload;
                    started.Add(upload);
                }
            }
            catch (OperationCanceledException e)
            {
                Fail(e);
            }
            await Task.WhenAll(started.Append(prepared)).ConfigureAwait(false);
            _failure?.Throw();
            return _results.Select(r => r!).ToList();
        }

        /// <summary>One file's sequence; never throws (a failure is recorded for the batch) and frees its slot when done.</summary>
        private async Task UploadAsync(int index, Task previous, Task commitAfter, CancellationToken ct)
        {
            var request = _files[index];
            try
            {
                await previous.ConfigureAwait(false);
                await _directories.ExistsAsync(RemotePaths.DirectoryOf(request.RemotePath), ct).ConfigureAwait(false);
                if (Failed) return;
                var staged = await _uploader.StageAsync(_lanes, request.LocalPath, request.RemotePath, ct).ConfigureAwait(false);
                await commitAfter.ConfigureAwait(false);
                if (Failed)
                {
                    await _uploader.DiscardAsync(staged.TempPath).ConfigureAwait(false);
                    return;
                }
                _results[index] = await _uploader.CommitAsync(staged, ct).ConfigureAwait(false);
                _inPlace(_results[index]!);
            }
            catch (Exception e)
            {
                Fail(e);
            }
            finally
            {
                _slots.Release();
            }
        }

        private async Task Settle(Task work)
        {
            try
            {
                await work.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Fail(e);
            }
        }

        private void Fail(Exception e) => Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
    }
}
