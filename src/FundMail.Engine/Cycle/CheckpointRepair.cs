using System.IO;
using FundMail.Logging;

namespace FundMail.Cycle
{
    /// <summary>
    /// A run can die after its batch became durable and queued but before the checkpoint was written. The queued DB
    /// then says how far capture really got; moving the checkpoint up to it keeps that mail from being fetched twice.
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
                current = new Checkpoint
                {
                    UidValidity = newest.Value.uidValidity,
                    LastUid = newest.Value.uid,
                    LastEmailId = newest.Value.emailId,
                    LastTime = newest.Value.received,
                    RetryUids = current?.RetryUids ?? new System.Collections.Generic.List<uint>(),
                };
            }
            if (!ReferenceEquals(current, checkpoint))
            {
                log.Warning("checkpoint moved to UID " + current!.LastUid + " from a batch stored by an interrupted run");
                current.Write(baseDir);
            }
            return current;
        }
    }
}
