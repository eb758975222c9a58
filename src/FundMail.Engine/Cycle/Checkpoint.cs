using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using FundMail.Util;

namespace FundMail.Cycle
{
    /// <summary>
    /// LAST_TIME.json in BASE_DIR: how far the mailbox has been captured. The UID is only meaningful
    /// within its UIDVALIDITY; the email id and time are for people and for recovery after a UIDVALIDITY change.
    /// </summary>
    public sealed class Checkpoint
    {
        public const string FileName = "LAST_TIME.json";

        [JsonPropertyName("uid_validity")]
        public uint UidValidity { get; set; }

        [JsonPropertyName("last_uid")]
        public uint LastUid { get; set; }

        [JsonPropertyName("last_email_id")]
        public string? LastEmailId { get; set; }

        [JsonPropertyName("last_time")]
        public DateTimeOffset? LastTime { get; set; }

        /// <summary>UIDs the server listed but did not return (a known Exchange fault): fetched again on every run until they come or vanish.</summary>
        [JsonPropertyName("retry_uids")]
        public List<uint> RetryUids { get; set; } = new List<uint>();

        /// <summary>
        /// Set while mail listed after a UIDVALIDITY change is still being captured batch by batch: UIDs up to this one may
        /// be mail stored under the old UIDs (re-rendered), so the ledger's Message-ID check applies to them too.
        /// </summary>
        [JsonPropertyName("relist_through")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public uint? RelistThrough { get; set; }

        [JsonPropertyName("updated")]
        public DateTimeOffset Updated { get; set; }

        /// <returns>The checkpoint, or null when BASE_DIR has none yet (first run).</returns>
        public static Checkpoint? Read(string baseDir)
        {
            var path = Path.Combine(baseDir, FileName);
            if (!File.Exists(path))
                return null;
            Checkpoint? checkpoint;
            try
            {
                checkpoint = JsonSerializer.Deserialize<Checkpoint>(File.ReadAllText(path));
            }
            catch (JsonException e)
            {
                throw Corrupt(path, e.Message);
            }
            if (checkpoint == null || checkpoint.UidValidity == 0)
                throw Corrupt(path, "uid_validity is missing or zero");
            return checkpoint;
        }

        /// <summary>Replaces the checkpoint atomically and durably: a crash leaves the old one or the new one, whole.</summary>
        public void Write(string baseDir)
        {
            Updated = DateTimeOffset.Now;
            AtomicFile.WriteAllText(Path.Combine(baseDir, FileName), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
        }

        private static InvalidDataException Corrupt(string path, string reason)
        {
            // Never guess: a wrong checkpoint silently skips or repeats mail.
            return new InvalidDataException("checkpoint " + path + " is not valid (" + reason + "); restore it from its last good copy, " +
                                            "or let the next cycle rebuild it from the ledger of stored mail (if nothing was stored yet, delete it: " +
                                            "the cycle then starts as on a first run)");
        }
    }
}
