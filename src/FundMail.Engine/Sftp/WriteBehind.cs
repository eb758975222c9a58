using System;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;

namespace FundMail.Sftp
{
    /// <summary>
    /// Flushes a big file to the server's disk while it is still being uploaded, so the fsync that proves the upload
    /// durable finds little left to write. The flushes go through another session on the connection (a second sftp-server
    /// process; see <see cref="UploadLanes.Flusher"/>): an fsync on the writing session would stall every WRITE queued
    /// behind it. Measured on this kind of disk, 1 GiB on loopback: the closing FSTAT+fsync+CLOSE took 0.73–0.94 s
    /// without write-behind and 0.01–0.03 s with it.
    /// Best effort: any failure only stops the flushing; the closing fsync on the writing handle stays the one that counts.
    /// </summary>
    internal sealed class WriteBehind
    {
        /// <summary>Smaller files are flushed only by their closing fsync: the flusher's round trips would cost more than they save.</summary>
        public const long MinimumFileBytes = 64L << 20;

        // Between flushes: large enough that the server's disk writes big runs, small enough that little is left at the end.
        private const long FlushEvery = 32L << 20;

        private readonly Task<SftpFileHandle?> _handle;
        private readonly CancellationToken _ct;
        private ISftpSession? _flusher;
        private Task _flush = Task.CompletedTask;
        private long _sent;
        private long _flushedUpTo;
        private volatile bool _stopped;

        private WriteBehind(Task<ISftpSession?> flusher, string path, CancellationToken ct)
        {
            _ct = ct;
            _handle = OpenAsync(flusher, path);
        }

        /// <summary>Starts opening the file (already created by the writing session) read-only on the flusher; writing need not wait.</summary>
        public static WriteBehind Start(Task<ISftpSession?> flusher, string path, CancellationToken ct) => new WriteBehind(flusher, path, ct);

        /// <summary>Called by the writer for every chunk sent: starts a flush once enough is sent and the last flush is done.</summary>
        public void Sent(int bytes)
        {
            _sent += bytes;
            if (_stopped || _sent - _flushedUpTo < FlushEvery || !_flush.IsCompleted || !_handle.IsCompleted) return;
            var handle = _handle.Status == TaskStatus.RanToCompletion ? _handle.Result : null;
            if (handle == null)
            {
                _stopped = true;
                return;
            }
            _flushedUpTo = _sent;
            _flush = FlushAsync(handle);
        }

        /// <summary>Waits for the flush in progress and closes the flusher's handle (the upload's own fsync follows).</summary>
        public async Task FinishAsync()
        {
            _stopped = true;
            await _flush.ConfigureAwait(false);
            var handle = await _handle.ConfigureAwait(false);
            if (handle == null) return;
            try
            {
                await _flusher!.CloseAsync(handle, _ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SshException || e is OperationCanceledException)
            {
                // The flusher is going away; the server closes its handles with it.
            }
        }

        private async Task<SftpFileHandle?> OpenAsync(Task<ISftpSession?> flusher, string path)
        {
            try
            {
                _flusher = await flusher.ConfigureAwait(false);
                return _flusher == null ? null : await _flusher.OpenAsync(path, SftpOpenMode.Read, _ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SshException || e is OperationCanceledException)
            {
                return null;
            }
        }

        private async Task FlushAsync(SftpFileHandle handle)
        {
            try
            {
                await _flusher!.FsyncAsync(handle, _ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SshException || e is OperationCanceledException)
            {
                _stopped = true;
            }
        }
    }
}
