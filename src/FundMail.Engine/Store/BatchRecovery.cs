using System.Collections.Generic;
using System.IO;

namespace FundMail.Store
{
    /// <summary>
    /// Finishes what a dead run left in the spool: a batch whose DB reached its final name is committed and handed to
    /// the caller, whose journal stays until the caller has recorded and queued it (a run killed in between finds it
    /// again); any other batch is undone file by file, so its mails are simply fetched again.
    /// </summary>
    public static class BatchRecovery
    {
        /// <returns>Batches that had committed when their run died; call Complete on each once it is recorded and queued.</returns>
        public static IReadOnlyList<CommittedBatch> Recover(StoreLayout layout)
        {
            var committed = new List<CommittedBatch>();
            foreach (var (journal, dbPath, files) in BatchJournal.Leftovers(layout.SpoolDir))
            {
                if (File.Exists(dbPath))
                {
                    committed.Add(new CommittedBatch(dbPath, journal));
                }
                else
                {
                    // The second line is the temp DB; the rest are placed files.
                    var placed = files.Count > 1 ? new List<string>(files).GetRange(1, files.Count - 1) : new List<string>();
                    Undo(journal, files.Count > 0 ? files[0] : null, placed);
                }
            }
            return committed;
        }

        internal static void Undo(string journal, string? tempDb, IEnumerable<string> placedFiles)
        {
            foreach (var file in placedFiles)
                File.Delete(file);
            if (tempDb != null)
                File.Delete(tempDb);
            File.Delete(journal);
        }
    }

    /// <summary>A batch whose DB is complete under its final name; its crash record goes once it is recorded and queued.</summary>
    public sealed class CommittedBatch
    {
        private readonly string _journal;

        internal CommittedBatch(string dbPath, string journal)
        {
            DbPath = dbPath;
            _journal = journal;
        }

        public string DbPath { get; }

        public void Complete() => File.Delete(_journal);
    }
}
