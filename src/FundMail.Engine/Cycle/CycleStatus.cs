using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FundMail.Sftp;

namespace FundMail.Cycle
{
    /// <summary>Where capture stands, from BASE_DIR alone (no server is contacted): Get-FundMailStatus, `fundmail status`.</summary>
    public sealed class CycleStatus
    {
        public string BaseDir { get; private set; } = "";
        public DateTimeOffset? LastRunStarted { get; private set; }
        public DateTimeOffset? LastRunFinished { get; private set; }
        public string? LastOutcome { get; private set; }
        public DateTimeOffset? LastSuccess { get; private set; }
        public string? LastError { get; private set; }
        public DateTimeOffset? LastErrorTime { get; private set; }
        public int ErrorsLast24Hours { get; private set; }
        public DateTimeOffset? ThrottledUntil { get; private set; }
        public DateTimeOffset? CheckpointRebuilt { get; private set; }
        public string? CheckpointRebuiltReason { get; private set; }
        public DateTimeOffset? UidValidityChanged { get; private set; }
        public string? UidValidityChange { get; private set; }
        public uint? UidValidity { get; private set; }
        public uint? LastUid { get; private set; }
        public string? LastEmailId { get; private set; }
        public DateTimeOffset? LastEmailTime { get; private set; }
        public IReadOnlyList<uint> RetryUids { get; private set; } = Array.Empty<uint>();
        /// <summary>"full", or how the SFTP server reduces durability (the extensions it lacks); null before any run reached it.</summary>
        public string? SftpDurability { get; private set; }

        public IReadOnlyList<string> QueuedDbFiles { get; private set; } = Array.Empty<string>();
        public int QueuedBatches => QueuedDbFiles.Count;

        public static CycleStatus Read(string baseDir)
        {
            var runs = RunStatus.Read(baseDir);
            var checkpoint = File.Exists(Path.Combine(baseDir, Checkpoint.FileName)) ? Checkpoint.Read(baseDir) : null;
            return new CycleStatus
            {
                BaseDir = baseDir,
                LastRunStarted = runs.LastRunStarted,
                LastRunFinished = runs.LastRunFinished,
                LastOutcome = runs.LastOutcome,
                LastSuccess = runs.LastSuccess,
                LastError = runs.LastError,
                LastErrorTime = runs.LastErrorTime,
                ErrorsLast24Hours = runs.ErrorsLast24Hours,
                ThrottledUntil = runs.ThrottledUntil,
                CheckpointRebuilt = runs.CheckpointRebuilt,
                CheckpointRebuiltReason = runs.CheckpointRebuiltReason,
                UidValidityChanged = runs.UidValidityChanged,
                UidValidityChange = runs.UidValidityChange,
                SftpDurability = runs.SftpDurability,
                UidValidity = checkpoint?.UidValidity,
                LastUid = checkpoint?.LastUid,
                LastEmailId = checkpoint?.LastEmailId,
                LastEmailTime = checkpoint?.LastTime,
                RetryUids = checkpoint?.RetryUids ?? new List<uint>(),
                QueuedDbFiles = new Outbox(baseDir).Pending().Select(Path.GetFileName).ToList()!,
            };
        }

        public override string ToString() =>
            "last run " + (LastRunStarted?.ToString("yyyy-MM-dd HH:mm:ss zzz") ?? "never") + " (" + (LastOutcome ?? "none") + "), last success " +
            (LastSuccess?.ToString("yyyy-MM-dd HH:mm:ss zzz") ?? "never") + ", " + ErrorsLast24Hours + " error(s) in 24 h, checkpoint UID " +
            (LastUid?.ToString() ?? "none") + ", " + QueuedBatches + " batch(es) queued" +
            (CheckpointRebuilt == null ? "" : ", checkpoint rebuilt from the ledger " + CheckpointRebuilt.Value.ToString("yyyy-MM-dd HH:mm:ss zzz") +
                                              " (" + CheckpointRebuiltReason + ")") +
            (UidValidityChanged == null ? "" : ", " + UidValidityChange + " (" + UidValidityChanged.Value.ToString("yyyy-MM-dd HH:mm:ss zzz") + ")") +
            (SftpDurability != null && SftpDurability != ServerDurability.Full ? ", SFTP durability " + SftpDurability : "");
    }
}
