using System;
using System.Collections.Generic;
using FundMail.Sftp;

namespace FundMail.Cycle
{
    /// <summary>What one cycle did: the object Invoke-FundMailCycle outputs and `fundmail cycle` prints.</summary>
    public sealed class CycleReport
    {
        public DateTimeOffset Started { get; set; }
        public DateTimeOffset Finished { get; set; }

        /// <summary>Mails stored into a new DB this run.</summary>
        public int MailsStored { get; set; }

        /// <summary>Mails fetched again but already stored earlier (recognised by the ledger), so not stored twice.</summary>
        public int MailsAlreadyStored { get; set; }

        /// <summary>The DB this run wrote, or null when there was no new mail.</summary>
        public string? DbPath { get; set; }

        public List<UploadedFile> Uploaded { get; } = new List<UploadedFile>();

        /// <summary>DBs still waiting for the server after this run (their files included).</summary>
        public int QueuedBatches { get; set; }

        /// <summary>Why uploading failed this run (the batches stay queued and go first next time); null when all went.</summary>
        public string? UploadError { get; set; }

        /// <summary>Exchange asked for a back-off; the mailbox was not (fully) read this run.</summary>
        public bool Throttled { get; set; }

        public List<uint> RetryUids { get; set; } = new List<uint>();
        public List<string> Warnings { get; } = new List<string>();

        /// <summary>Seconds spent per phase (connect, fetch+parse+store, upload, ...).</summary>
        public Dictionary<string, double> Timings { get; } = new Dictionary<string, double>();

        public uint UidValidity { get; set; }
        public uint LastUid { get; set; }

        public override string ToString() =>
            "stored " + MailsStored + " mail(s)" + (DbPath == null ? "" : " in " + System.IO.Path.GetFileName(DbPath)) +
            ", uploaded " + Uploaded.Count + " file(s), " + QueuedBatches + " batch(es) queued" +
            (RetryUids.Count > 0 ? ", " + RetryUids.Count + " UID(s) to retry" : "") +
            (Warnings.Count > 0 ? ", " + Warnings.Count + " warning(s)" : "");
    }
}
