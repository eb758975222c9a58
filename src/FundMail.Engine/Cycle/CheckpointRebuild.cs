using System;
using System.IO;
using FundMail.Store;

namespace FundMail.Cycle
{
    /// <summary>
    /// A missing or damaged LAST_TIME.json is rebuilt from the ledger, which holds every stored mail with its UID and
    /// UIDVALIDITY: starting over as on a first run would skip all mail received before today that was not yet captured.
    /// </summary>
    internal static class CheckpointRebuild
    {
        /// <returns>The checkpoint, rebuilt when needed and possible; null on a true first run (no checkpoint, empty ledger).</returns>
        public static Checkpoint? Load(string baseDir, Ledger ledger, RunStatus status, Action<string> warn)
        {
            string reason;
            try
            {
                var checkpoint = Checkpoint.Read(baseDir);
                if (checkpoint != null)
                    return checkpoint;
                reason = Checkpoint.FileName + " was missing";
            }
            catch (InvalidDataException) when (ledger.CapturePosition() != null)
            {
                // Kept for inspection; the ledger says more than a guess at what the damaged file meant.
                var path = Path.Combine(baseDir, Checkpoint.FileName);
                var aside = path + ".corrupt-" + DateTime.Now.ToString("yyyyMMdd-HHmmss");
                File.Move(path, aside);
                reason = Checkpoint.FileName + " was not valid; kept as " + Path.GetFileName(aside);
            }

            var known = ledger.CapturePosition();
            if (known == null)
                return null; // nothing stored yet: a true first run
            var rebuilt = new Checkpoint
            {
                UidValidity = known.UidValidity,
                LastUid = known.LastUid,
                LastEmailId = known.LastEmailId,
                LastTime = known.LastTime,
                RetryUids = known.RetryUids,
                RelistThrough = known.RelistThrough,
            };
            rebuilt.Write(baseDir);
            status.CheckpointRebuilt = DateTimeOffset.Now;
            status.CheckpointRebuiltReason = reason;
            warn("checkpoint rebuilt from the ledger (" + reason + "): UIDVALIDITY " + rebuilt.UidValidity + ", last UID " + rebuilt.LastUid +
                 ", retry [" + string.Join(",", rebuilt.RetryUids) + "]" +
                 (rebuilt.RelistThrough == null ? "" : ", still relisting after a UIDVALIDITY change through UID " + rebuilt.RelistThrough) + "; UIDs the server listed but did not return in runs that stored no mail " +
                 "cannot be known and are not retried" + (known.FromCycleBatches ? "" : "; this ledger predates the record of fetched UIDs, so " +
                 "the last UID is the highest of all stored mail, including any saved with Save-FundMailDb"));
            return rebuilt;
        }
    }
}
