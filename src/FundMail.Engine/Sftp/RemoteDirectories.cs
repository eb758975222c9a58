using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Sftp
{
    /// <summary>
    /// Gets a batch's target directories ready, all at once: each is created if missing (after its parent), and each
    /// that already existed is swept of our stale temp files. Directories we just created hold no stale files, so they
    /// are not listed. Files wait only for their own directory to exist; sweeps run alongside the uploads.
    /// </summary>
    internal sealed class RemoteDirectories
    {
        private readonly ISftpSession _session;
        private readonly Func<string, CancellationToken, Task> _sweep;
        private readonly CancellationToken _ct;
        private readonly object _gate = new object();
        private readonly Dictionary<string, Task<bool>> _existed = new Dictionary<string, Task<bool>>(StringComparer.Ordinal);
        private readonly Task _prepared;

        public RemoteDirectories(ISftpSession session, IEnumerable<string> directories, Func<string, CancellationToken, Task> sweep, CancellationToken ct)
        {
            _session = session;
            _sweep = sweep;
            _ct = ct;
            _prepared = Task.WhenAll(directories.Distinct(StringComparer.Ordinal).Select(PrepareAsync).ToList());
        }

        /// <summary>Completes when the directory exists (it is one of those given to the constructor).</summary>
        public Task ExistsAsync(string directory) => Ensure(directory);

        /// <summary>Completes when every directory exists and every sweep is done; faults with the first failure.</summary>
        public Task Prepared => _prepared;

        private async Task PrepareAsync(string directory)
        {
            if (await Ensure(directory).ConfigureAwait(false)) await _sweep(directory, _ct).ConfigureAwait(false);
        }

        /// <summary>One STAT (or MKDIR) per directory, shared by all who ask; true when the directory was there before.</summary>
        private Task<bool> Ensure(string directory)
        {
            lock (_gate)
            {
                if (!_existed.TryGetValue(directory, out var existed)) _existed[directory] = existed = CreateIfMissingAsync(directory);
                return existed;
            }
        }

        private async Task<bool> CreateIfMissingAsync(string directory)
        {
            if (directory == "." || directory == "/") return true;
            await Task.Yield(); // Callers hold the lock; the requests go out after it is released.
            var found = await _session.TryStatAsync(directory, _ct).ConfigureAwait(false);
            if (found != null)
            {
                if (!found.IsDirectory) throw new SftpStatusException("mkdir", directory, SftpStatus.Failure, "exists and is not a directory");
                return true;
            }
            var parent = RemotePaths.ParentOf(directory);
            if (parent != null) await Ensure(parent).ConfigureAwait(false);
            try
            {
                await _session.CreateDirectoryAsync(directory, _ct).ConfigureAwait(false);
                return false;
            }
            catch (SftpStatusException)
            {
                // Someone else may have created it in between: that is what we wanted.
                if ((await _session.TryStatAsync(directory, _ct).ConfigureAwait(false))?.IsDirectory != true) throw;
                return true;
            }
        }
    }
}
