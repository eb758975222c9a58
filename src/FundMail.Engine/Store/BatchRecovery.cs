using System.Collections.Generic;
using System.IO;

namespace FundMail.Store
{
    /// <summary>
    /// Finishes what a dead run left in the spool: a batch whose DB reached its final name is complete
    /// (its journal goes); any other batch is undone file by file, so its mails are simply fetched again.
    /// </summary>
    public static class BatchRecovery
    {
        /// <returns>DB files of batches that had committed when their run died (the caller queues them if not yet).</returns>
        public static IReadOnlyList<string> Recover(StoreLayout layout)
        {
            var committed = new List<string>();
            foreach (var (journal, dbPath, files) in BatchJournal.Leftovers(layout.SpoolDir))
            {
                if (File.Exists(dbPath))
                {
                    committed.Add(dbPath);
                    File.Delete(journal);
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
}
