using System.Collections.Generic;
using System.IO;
using FundMail.Logging;
using FundMail.Store;

namespace FundMail.Cycle
{
    /// <summary>
    /// A run can die after its batch became durable and queued but before the checkpoint was written. The queued DB
    /// then says how far capture really got; moving the checkpoint up to it keeps that mail from being fetched twice.
    /// The UIDs it planned that the server did not return join the retry list, and those it settled leave it.
    /// </summary>
    internal static class CheckpointRepair
    {
        public static Checkpoint? Reconcile(Checkpoint? checkpoint, Outbox outbox, string baseDir, ILog log)
        {
            var current = checkpoint;
            foreach (var db in outbox.Pending())
            {
                if (!File.Exists(db))
                    continue;
                var newest = ShipList.Newest(db, current?.UidValidity);
                if (newest == null || current != null && newest.Value.uid <= current.LastUid)
                    continue;
                var sameUids = current?.UidValidity == newest.Value.uidValidity;
                var retry = new SortedSet<uint>(sameUids ? current!.RetryUids : new List<uint>());
                var (planned, missing, relistThrough) = FetchedUids.Read(db, newest.Value.uidValidity);
                retry.ExceptWith(planned);
                retry.UnionWith(missing);
                current = new Checkpoint
                {
                    UidValidity = newest.Value.uidValidity,
                    LastUid = newest.Value.uid,
                    LastEmailId = newest.Value.emailId,
                    LastTime = newest.Value.received,
                    RetryUids = new List<uint>(retry),
                    // A relisting run killed between two batches goes on relisting.
                    RelistThrough = relistThrough > newest.Value.uid ? relistThrough
                        : sameUids && current!.RelistThrough > newest.Value.uid ? current.RelistThrough : null,
                };
            }
            if (!ReferenceEquals(current, checkpoint))
            {
                log.Warning("checkpoint moved to UID " + current!.LastUid + " from a batch stored by an interrupted run" +
                            (current.RetryUids.Count > 0 ? "; UID(s) " + string.Join(",", current.RetryUids) + " are retried" : ""));
                current.Write(baseDir);
            }
            return current;
        }
    }
}
