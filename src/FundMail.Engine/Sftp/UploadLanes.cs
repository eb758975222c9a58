using System;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;

namespace FundMail.Sftp
{
    /// <summary>
    /// The sessions a batch's files are staged on: the uploader's own and its sibling (a second channel with its own
    /// server process), once the sibling is open. Each file goes to the lane with fewer bytes in flight.
    /// Why two: sshd grants each channel a 2 MiB window, which over a 30 ms link caps one channel at ~70 MB/s; and one
    /// sftp-server runs every request, fsyncs included, one after another. Measured at 30 ms, one lane → two: 2,000 files
    /// (196 MB) 6.6–6.8 → 5.2–5.5 s; a cycle's 2,201 files (621 MB) 13.3–13.8 → 9.2–9.6 s (loopback: 5.4–5.7 → 4.4–5.2 s).
    /// A batch of one file stays on one lane (a big one still flushes through the sibling, see <see cref="WriteBehind"/>).
    /// </summary>
    internal sealed class UploadLanes
    {
        private readonly ISftpSession _main;
        private readonly Task<ISftpSession?>? _sibling;
        private readonly long[] _inFlight = new long[2];

        /// <param name="twoLanes">Opens the sibling now (files keep going to the main lane until it is there).</param>
        public UploadLanes(ISftpSession main, bool twoLanes, CancellationToken ct)
        {
            _main = main;
            _sibling = twoLanes ? OpenSiblingAsync(main, ct) : null;
        }

        /// <summary>The lane for a file of this size; give it back with <see cref="Done"/>.</summary>
        public int Take(long bytes)
        {
            var lane = SiblingReady && Interlocked.Read(ref _inFlight[1]) < Interlocked.Read(ref _inFlight[0]) ? 1 : 0;
            Interlocked.Add(ref _inFlight[lane], bytes);
            return lane;
        }

        public void Done(int lane, long bytes) => Interlocked.Add(ref _inFlight[lane], -bytes);

        public ISftpSession Session(int lane) => lane == 0 ? _main : _sibling!.Result!;

        /// <summary>Where a big file on this lane flushes while it is written: the other lane, so its own writes never wait.</summary>
        public Task<ISftpSession?> Flusher(int lane, CancellationToken ct) => lane == 0 ? _main.SiblingAsync(ct) : Task.FromResult<ISftpSession?>(_main);

        /// <summary>A sibling that cannot be had (refused, connection trouble) leaves one lane; the uploads report real failures.</summary>
        private static async Task<ISftpSession?> OpenSiblingAsync(ISftpSession main, CancellationToken ct)
        {
            try
            {
                return await main.SiblingAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SshException || e is OperationCanceledException)
            {
                return null;
            }
        }

        private bool SiblingReady => _sibling is { Status: TaskStatus.RanToCompletion } && _sibling.Result != null;
    }
}
