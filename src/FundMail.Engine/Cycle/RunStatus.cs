using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using FundMail.Util;

namespace FundMail.Cycle
{
    /// <summary>BASE_DIR/status.json: how the scheduled runs went, for Get-FundMailStatus and `fundmail status`.</summary>
    public sealed class RunStatus
    {
        public const string FileName = "status.json";

        [JsonPropertyName("last_run_started")] public DateTimeOffset? LastRunStarted { get; set; }
        [JsonPropertyName("last_run_finished")] public DateTimeOffset? LastRunFinished { get; set; }
        [JsonPropertyName("last_outcome")] public string? LastOutcome { get; set; }
        [JsonPropertyName("last_success")] public DateTimeOffset? LastSuccess { get; set; }
        [JsonPropertyName("last_error")] public string? LastError { get; set; }
        [JsonPropertyName("last_error_time")] public DateTimeOffset? LastErrorTime { get; set; }
        [JsonPropertyName("recent_errors")] public List<DateTimeOffset> RecentErrors { get; set; } = new List<DateTimeOffset>();

        /// <summary>Exchange asked us to back off until then; runs before it skip the mailbox.</summary>
        [JsonPropertyName("throttled_until")] public DateTimeOffset? ThrottledUntil { get; set; }

        /// <summary>Where the last run's time went (<see cref="CycleReport.Timings"/>) and its IMAP round trips.</summary>
        [JsonPropertyName("last_timings")] public Dictionary<string, double>? LastTimings { get; set; }
        [JsonPropertyName("last_imap_round_trips")] public int? LastImapRoundTrips { get; set; }

        /// <summary>When LAST_TIME.json was last rebuilt from the ledger (<see cref="CheckpointRebuild"/>), and why.</summary>
        [JsonPropertyName("checkpoint_rebuilt")] public DateTimeOffset? CheckpointRebuilt { get; set; }
        [JsonPropertyName("checkpoint_rebuilt_reason")] public string? CheckpointRebuiltReason { get; set; }

        /// <summary>When a run last found the mailbox's UIDVALIDITY changed (<see cref="FetchPlan"/>), and what it did about it.</summary>
        [JsonPropertyName("uid_validity_changed")] public DateTimeOffset? UidValidityChanged { get; set; }
        [JsonPropertyName("uid_validity_change")] public string? UidValidityChange { get; set; }

        /// <summary>The SFTP server's durability as the last run that reached it found it (<see cref="CycleReport.SftpDurability"/>).</summary>
        [JsonPropertyName("sftp_durability")] public string? SftpDurability { get; set; }

        [JsonIgnore] public int ErrorsLast24Hours => RecentErrors.Count(t => t > DateTimeOffset.Now.AddHours(-24));

        public static RunStatus Read(string baseDir)
        {
            var path = Path.Combine(baseDir, FileName);
            try
            {
                return File.Exists(path) ? JsonSerializer.Deserialize<RunStatus>(File.ReadAllText(path)) ?? new RunStatus() : new RunStatus();
            }
            catch (JsonException)
            {
                // Only history is lost with a damaged status file; the checkpoint and outbox carry what matters.
                return new RunStatus();
            }
        }

        public void Started(string baseDir, DateTimeOffset now)
        {
            LastRunStarted = now;
            LastRunFinished = null;
            LastOutcome = "running";
            Write(baseDir);
        }

        public void Finished(string baseDir, string outcome, string? error)
        {
            var now = DateTimeOffset.Now;
            LastRunFinished = now;
            LastOutcome = outcome;
            if (error == null)
            {
                LastSuccess = now;
            }
            else
            {
                LastError = error;
                LastErrorTime = now;
                RecentErrors.Add(now);
            }
            RecentErrors = RecentErrors.Where(t => t > now.AddHours(-24)).ToList();
            Write(baseDir);
        }

        /// <summary>Why status.json could not be written last time, or null. Status is for people: a failed write never stops a run.</summary>
        [JsonIgnore] public string? WriteFailure { get; private set; }

        private void Write(string baseDir)
        {
            var path = Path.Combine(baseDir, FileName);
            try
            {
                AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
                WriteFailure = null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                WriteFailure = "the run status " + path + " could not be written (" + e.GetType().Name + ": " + e.Message +
                               "); the run goes on, but status shows an older run";
            }
        }
    }
}
