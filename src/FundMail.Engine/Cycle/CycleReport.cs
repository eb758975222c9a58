using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using FundMail.Sftp;

namespace FundMail.Cycle
{
    /// <summary>What one cycle did: the object Invoke-FundMailCycle outputs and `fundmail cycle` prints (as JSON with --json).</summary>
    public sealed class CycleReport
    {
        [JsonPropertyName("started")]
        public DateTimeOffset Started { get; set; }

        [JsonPropertyName("finished")]
        public DateTimeOffset Finished { get; set; }

        /// <summary>Mails stored into a new DB this run.</summary>
        [JsonPropertyName("mails_stored")]
        public int MailsStored { get; set; }

        /// <summary>Mails fetched again but already stored earlier (recognised by the ledger), so not stored twice.</summary>
        [JsonPropertyName("mails_already_stored")]
        public int MailsAlreadyStored { get; set; }

        /// <summary>Batches (fm_*.db files) this run stored, each committed, queued and checkpointed before the next.</summary>
        [JsonPropertyName("batches")]
        public int Batches { get; set; }

        /// <summary>The last DB this run wrote, or null when there was no new mail.</summary>
        [JsonPropertyName("db_path")]
        public string? DbPath { get; set; }

        [JsonPropertyName("uploaded")]
        public List<UploadedFile> Uploaded { get; } = new List<UploadedFile>();

        /// <summary>DBs still waiting for the server after this run (their files included).</summary>
        [JsonPropertyName("queued_batches")]
        public int QueuedBatches { get; set; }

        /// <summary>Why uploading failed this run (the batches stay queued and go first next time); null when all went.</summary>
        [JsonPropertyName("upload_error")]
        public string? UploadError { get; set; }

        /// <summary>
        /// "full", or how the SFTP server reduces durability (the extensions it lacks, see <see cref="ServerDurability"/>);
        /// null when this run did not connect to it.
        /// </summary>
        [JsonPropertyName("sftp_durability")]
        public string? SftpDurability { get; set; }

        /// <summary>Exchange asked for a back-off; the mailbox was not (fully) read this run.</summary>
        [JsonPropertyName("throttled")]
        public bool Throttled { get; set; }

        [JsonPropertyName("retry_uids")]
        public List<uint> RetryUids { get; set; } = new List<uint>();

        /// <summary>Mails stored this run with defects (also in their fund_mail.defects column).</summary>
        [JsonPropertyName("flagged_mails")]
        public List<FlaggedMail> FlaggedMails { get; } = new List<FlaggedMail>();

        [JsonPropertyName("warnings")]
        public List<string> Warnings { get; } = new List<string>();

        /// <summary>
        /// Seconds per phase: recover, checkpoint, connect (TCP+TLS+greeting), auth, select (EXAMINE+search),
        /// capture (fetch to checkpoint; its own fetch, parse, store, commit), upload (shipping's busy time, alongside capture),
        /// upload_wait (after capture, for the last uploads), and wall for the whole cycle.
        /// Where stages overlap each value is that stage's own busy time.
        /// </summary>
        [JsonPropertyName("timings")]
        public Dictionary<string, double> Timings { get; } = new Dictionary<string, double>();

        /// <summary>Adds to a phase's seconds (a stage that runs once per batch).</summary>
        public void AddTiming(string phase, double seconds) =>
            Timings[phase] = (Timings.TryGetValue(phase, out var before) ? before : 0) + seconds;

        /// <summary>Times the IMAP client waited on the server (TCP connect and TLS included); 0 when not connected.</summary>
        [JsonPropertyName("imap_round_trips")]
        public int ImapRoundTrips { get; set; }

        [JsonPropertyName("uid_validity")]
        public uint UidValidity { get; set; }

        /// <summary>The mailbox's UIDVALIDITY changed this run, and how it is re-listed; null when it did not.</summary>
        [JsonPropertyName("uid_validity_change")]
        public string? UidValidityChange { get; set; }

        [JsonPropertyName("last_uid")]
        public uint LastUid { get; set; }

        public override string ToString() =>
            "stored " + MailsStored + " mail(s)" + (DbPath == null ? "" : Batches > 1 ? " in " + Batches + " batches, the last " + System.IO.Path.GetFileName(DbPath)
                : " in " + System.IO.Path.GetFileName(DbPath)) +
            ", uploaded " + Uploaded.Count + " file(s), " + QueuedBatches + " batch(es) queued" +
            (RetryUids.Count > 0 ? ", " + RetryUids.Count + " UID(s) to retry" : "") +
            (FlaggedMails.Count > 0 ? ", " + FlaggedMails.Count + " flagged" : "") +
            (SftpDurability != null && SftpDurability != ServerDurability.Full ? ", SFTP durability " + SftpDurability : "") +
            (Warnings.Count > 0 ? ", " + Warnings.Count + " warning(s)" : "");
    }
}
