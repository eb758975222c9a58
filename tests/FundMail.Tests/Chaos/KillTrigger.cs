using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace FundMail.Tests.Chaos
{
    /// <summary>Where a run is SIGKILLed: after a random delay, or the moment the files show it reached a narrow window.</summary>
    public enum KillPoint
    {
        /// <summary>A random delay within the length of a normal cycle: connect, fetch, parse, anywhere.</summary>
        Timed,

        /// <summary>A batch's temp DB exists: mails are being placed and rows written (plus a random few ms).</summary>
        MidDbWrite,

        /// <summary>A new outbox marker appeared: the batch is committed and queued, the checkpoint may not be written yet.</summary>
        AfterQueue,

        /// <summary>An upload temp file appeared on the server: bytes are in flight.</summary>
        MidUpload,

        /// <summary>A DB landed on the server: between its upload and the outbox/checkpoint bookkeeping after it.</summary>
        AfterUpload,
    }

    /// <summary>
    /// Watches a running cycle from outside (its BASE_DIR and the server's folder; no hook in the engine) and kills it
    /// at the chosen point. Observing by polling means a window can be missed; a missed kill is not counted.
    /// </summary>
    public sealed class KillTrigger
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(3);
        private readonly string _baseDir;
        private readonly string _remoteDir;
        private readonly KillPoint _point;
        private readonly HashSet<string> _before;
        private readonly HashSet<string> _uploadTempsBefore;

        public KillTrigger(KillPoint point, string baseDir, string remoteDir)
        {
            _point = point;
            _baseDir = baseDir;
            _remoteDir = remoteDir;
            // Taken before the process starts, so leftovers of earlier runs do not fire the trigger.
            _before = new HashSet<string>(Snapshot(), StringComparer.Ordinal);
            _uploadTempsBefore = new HashSet<string>(UploadTemps(), StringComparer.Ordinal);
        }

        /// <returns>What the files showed when the process was killed, or null when it ended first.</returns>
        public async Task<string?> RunAsync(CycleProcess cycle, int timedDelayMs, int jitterMs)
        {
            if (_point == KillPoint.Timed)
            {
                await Task.Delay(timedDelayMs);
            }
            else
            {
                while (!Snapshot().Any(s => !_before.Contains(s)))
                {
                    if (cycle.HasExited)
                        return null;
                    await Task.Delay(Poll);
                }
                if (jitterMs > 0)
                    await Task.Delay(jitterMs);
            }
            var seen = Observe();
            return cycle.Kill() ? seen : null;
        }

        /// <summary>Names that say the run reached this trigger's point (with write times where a rewrite matters).</summary>
        private IEnumerable<string> Snapshot()
        {
            switch (_point)
            {
                case KillPoint.MidDbWrite:
                    return Files(_baseDir, ".fm_*.tmp", SearchOption.TopDirectoryOnly);
                case KillPoint.AfterQueue:
                    return Files(Path.Combine(_baseDir, "outbox"), "*.pending", SearchOption.TopDirectoryOnly);
                case KillPoint.MidUpload:
                    return UploadTemps();
                case KillPoint.AfterUpload:
                    // A re-upload replaces the DB under the same name: the write time tells it apart.
                    return Files(_remoteDir, "fm_*.db", SearchOption.TopDirectoryOnly).Select(f => f + "@" + SafeWriteTicks(f));
                default:
                    return Array.Empty<string>();
            }
        }

        /// <summary>A short description of the state at the kill, for the report.</summary>
        private string Observe()
        {
            var states = new List<string>();
            if (Files(_baseDir, ".fm_*.tmp", SearchOption.TopDirectoryOnly).Any())
                states.Add("temp DB open");
            if (UploadTemps().Any(f => !_uploadTempsBefore.Contains(f)))
                states.Add("upload in flight");
            return states.Count == 0 ? "" : string.Join(", ", states);
        }

        private IEnumerable<string> UploadTemps() => Files(_remoteDir, ".*.fundmail-*.tmp", SearchOption.AllDirectories);

        private static IEnumerable<string> Files(string directory, string pattern, SearchOption option)
        {
            try
            {
                return Directory.Exists(directory) ? Directory.GetFiles(directory, pattern, option) : Array.Empty<string>();
            }
            catch (IOException)
            {
                // A folder or file vanished while listed (the run renames and removes as it goes).
                return Array.Empty<string>();
            }
        }

        private static long SafeWriteTicks(string path)
        {
            try
            {
                return File.GetLastWriteTimeUtc(path).Ticks;
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }
}
