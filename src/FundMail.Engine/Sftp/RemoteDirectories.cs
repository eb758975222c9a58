using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Sftp
{
    /// <summary>
    /// Gets target directories ready, all at once: each is created if missing (after its parent), and each that already
    /// existed is swept of our stale temp files. Directories we just created hold no stale files, so they are not listed.
    /// Files wait only for their own directory to exist; sweeps run alongside the uploads. Both are done once per
    /// session: a shipper sending many batches into the same folders pays for them with the first batch only
    /// (a failed attempt is not remembered, the next batch tries again).
    /// </summary>
    internal sealed class RemoteDirectories
    {
        private readonly ISftpSession _session;
        private readonly Func<string, CancellationToken, Task> _sweep;
        private readonly object _gate = new object();
        private readonly Dictionary<string, Task<bool>> _existed = new Dictionary<string, Task<bool>>(StringComparer.Ordinal);
        private readonly Dictionary<string, Task> _swept = new Dictionary<string, Task>(StringComparer.Ordinal);

        public RemoteDirectories(ISftpSession session, Func<string, CancellationToken, Task> sweep)
        {
            _session = session;
            _sweep = sweep;
        }

        /// <summary>Completes when every directory exists and every sweep is done; faults with the first failure.</summary>
        public Task PrepareAsync(IEnumerable<string> directories, CancellationToken ct) =>
            Task.WhenAll(directories.Distinct(StringComparer.Ordinal).Select(d => Once(_swept, d, () => SweepIfOldAsync(d, ct))).ToList());

        /// <summary>Completes when the directory exists.</summary>
        public Task ExistsAsync(string directory, CancellationToken ct) => Ensure(directory, ct);

        private async Task SweepIfOldAsync(string directory, CancellationToken ct)
        {
            await Task.Yield(); // Callers hold the lock.
            if (await Ensure(directory, ct).ConfigureAwait(false)) await _sweep(directory, ct).ConfigureAwait(false);
        }

        /// <summary>One STAT (or MKDIR) per directory, shared by all who ask; true when the directory was there before.</summary>
        private Task<bool> Ensure(string directory, CancellationToken ct) => Once(_existed, directory, () => CreateIfMissingAsync(directory, ct));

        private TTask Once<TTask>(Dictionary<string, TTask> done, string directory, Func<TTask> start) where TTask : Task
        {
            lock (_gate)
            {
                if (!done.TryGetValue(directory, out var task) || task.IsFaulted || task.IsCanceled) done[directory] = task = start();
                return task;
            }
        }

        private async Task<bool> CreateIfMissingAsync(string directory, CancellationToken ct)
        {
            if (directory == "." || directory == "/") return true;
            await Task.Yield(); // Callers hold the lock.
            var found = await _session.TryStatAsync(directory, ct).ConfigureAwait(false);
            if (found != null)
            {
                if (!found.IsDirectory) throw new SftpStatusException("mkdir", directory, SftpStatus.Failure, "exists and is not a directory");
                return true;
            }
            var parent = RemotePaths.ParentOf(directory);
            if (parent != null) await Ensure(parent, ct).ConfigureAwait(false);
            try
            {
                await _session.CreateDirectoryAsync(directory, ct).ConfigureAwait(false);
                return false;
            }
            catch (SftpStatusException)
            {
                // Someone else may have created it in between: that is what we wanted.
                if ((await _session.TryStatAsync(directory, ct).ConfigureAwait(false))?.IsDirectory != true) throw;
                return true;
            }
        }
    }
}
