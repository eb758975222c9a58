using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace FundMail.Tests.Chaos
{
    /// <summary>A fault one chaos iteration adds besides kills and outages.</summary>
    public enum ChaosFault
    {
        None,

        /// <summary>A mail delivered before the cycle and expunged the moment the cycle's SEARCH is done and its FETCH begins.</summary>
        Expunge,

        /// <summary>BASE_DIR's filesystem filled as the cycle starts or after a random delay; freed after it.</summary>
        DiskFull,

        /// <summary>BASE_DIR/logs a regular file for the whole cycle.</summary>
        LogFolder,
    }

    /// <summary>When a full disk strikes a cycle.</summary>
    public enum DiskFullMoment
    {
        CycleStart,
        AfterDelay,

        /// <summary>A batch's temp DB appeared: mails are being parsed, placed and written into it.</summary>
        TempDbAppears,
    }

    /// <summary>
    /// One iteration's extra fault: set up before the cycle starts, struck while it runs (an expunge at a moment observed
    /// from outside through BASE_DIR, as <see cref="KillTrigger"/> does), undone when it has ended.
    /// </summary>
    public sealed class FaultTrigger
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(3);
        private readonly ChaosFault _fault;
        private readonly ChaosMail _mail;
        private readonly DiskFull? _disk;
        private readonly LogFolderFault _logs;
        private readonly string _baseDir;
        private readonly HashSet<string> _before;
        private uint? _doomed;

        private FaultTrigger(ChaosFault fault, ChaosMail mail, DiskFull? disk, LogFolderFault logs, string baseDir)
        {
            _fault = fault;
            _mail = mail;
            _disk = disk;
            _logs = logs;
            _baseDir = baseDir;
            _before = new HashSet<string>(Watched(), StringComparer.Ordinal);
        }

        public ChaosFault Fault => _doomed == null && _fault == ChaosFault.Expunge ? ChaosFault.None : _fault;

        /// <summary>Sets the fault up before the cycle starts (an expunge that cannot deliver its mail becomes no fault).</summary>
        public static async Task<FaultTrigger> ArmAsync(ChaosFault fault, ChaosMail mail, DiskFull? disk, LogFolderFault logs, string baseDir)
        {
            if (fault == ChaosFault.Expunge)
                RemoveEmptyFetchSpool(baseDir);
            var trigger = new FaultTrigger(fault, mail, disk, logs, baseDir);
            if (fault == ChaosFault.Expunge)
                trigger._doomed = await mail.DeliverDoomedAsync();
            if (fault == ChaosFault.LogFolder)
                logs.Begin();
            return trigger;
        }

        /// <summary>
        /// Strikes: an expunge the moment the files show the cycle's FETCH begins; a full disk at <paramref name="diskMoment"/>
        /// (after <paramref name="delayMs"/> for <see cref="DiskFullMoment.AfterDelay"/>), leaving <paramref name="leaveBytes"/>.
        /// </summary>
        /// <returns>What happened, for the log; null when the cycle ended first and nothing was struck.</returns>
        public async Task<string?> RunAsync(CycleProcess cycle, DiskFullMoment diskMoment, int delayMs, long leaveBytes)
        {
            switch (Fault)
            {
                case ChaosFault.Expunge:
                    var seen = await FetchBeginsAsync(cycle);
                    await _mail.ExpungeAsync(_doomed!.Value);
                    return "UID " + _doomed + " expunged " + (seen ? "as FETCH began" : "after the cycle ended");
                case ChaosFault.DiskFull:
                    if (diskMoment == DiskFullMoment.TempDbAppears)
                        await TempDbAppearsAsync(cycle);
                    else if (diskMoment == DiskFullMoment.AfterDelay)
                        await Task.Delay(delayMs);
                    if (cycle.HasExited)
                        return null;
                    _disk!.Fill(leaveBytes);
                    return "disk filled " + (diskMoment == DiskFullMoment.CycleStart ? "as the cycle started"
                        : diskMoment == DiskFullMoment.TempDbAppears ? "as a temp DB appeared" : "after " + delayMs + " ms");
                case ChaosFault.LogFolder:
                    return "log folder unwritable";
                default:
                    return null;
            }
        }

        /// <summary>Undoes the fault once the cycle has ended.</summary>
        public void End()
        {
            if (_fault == ChaosFault.DiskFull)
                _disk!.Clear();
            if (_fault == ChaosFault.LogFolder)
                _logs.End();
        }

        private async Task TempDbAppearsAsync(CycleProcess cycle)
        {
            var before = new HashSet<string>(TempDbs(), StringComparer.Ordinal);
            while (!cycle.HasExited && !TempDbs().Any(f => !before.Contains(f)))
                await Task.Delay(Poll);
        }

        private IEnumerable<string> TempDbs()
        {
            try
            {
                return Directory.GetFiles(_baseDir, ".fm_*.tmp");
            }
            catch (IOException)
            {
                return Array.Empty<string>();
            }
        }

        /// <returns>True when the fetch spool appeared while the cycle ran.</returns>
        private async Task<bool> FetchBeginsAsync(CycleProcess cycle)
        {
            while (!Watched().Any(f => !_before.Contains(f)))
            {
                if (cycle.HasExited)
                    return false;
                await Task.Delay(Poll);
            }
            return true;
        }

        /// <summary>
        /// The cycle creates its fetch spool between SEARCH and FETCH; removed while empty before it starts, its
        /// reappearance marks that moment.
        /// </summary>
        private static void RemoveEmptyFetchSpool(string baseDir)
        {
            var spool = Path.Combine(baseDir, ".spool", "fetch");
            if (Directory.Exists(spool) && !Directory.EnumerateFileSystemEntries(spool).Any())
                Directory.Delete(spool);
        }

        /// <summary>What marks the moment FETCH begins: the fetch spool, or a mail spooled in it.</summary>
        private IEnumerable<string> Watched()
        {
            var spool = Path.Combine(_baseDir, ".spool", "fetch");
            try
            {
                return Directory.Exists(spool) ? Directory.GetFiles(spool).Append(spool) : Array.Empty<string>();
            }
            catch (IOException)
            {
                return Array.Empty<string>();
            }
        }
    }
}
