using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace FundMail.Store
{
    /// <summary>
    /// fetch_uids in a batch DB: every UID the batch's fetch planned and whether the server returned it. A run that dies
    /// after its batch is durable but before the checkpoint is written leaves this as the only record of the UIDs the
    /// server listed and skipped; checkpoint repair reads it back, and the ledger keeps a copy for rebuilding a lost checkpoint.
    /// </summary>
    internal static class FetchedUids
    {
        private const string Create = @"CREATE TABLE IF NOT EXISTS fetch_uids (
    imap_uid_validity  INTEGER NOT NULL,
    imap_uid           INTEGER NOT NULL,
    returned           INTEGER NOT NULL,   -- 0: the server listed the UID but returned no message for it (retried later)
    PRIMARY KEY (imap_uid_validity, imap_uid))";

        // Only in a batch of a run that was relisting after a UIDVALIDITY change: a checkpoint rebuilt from the ledger
        // must go on recognising re-rendered mail up to this UID.
        private const string CreateRelist = @"CREATE TABLE IF NOT EXISTS fetch_relist (
    imap_uid_validity  INTEGER NOT NULL,
    relist_through     INTEGER NOT NULL)";

        internal static void Write(SqliteConnection connection, SqliteTransaction transaction, uint uidValidity, IEnumerable<uint> planned,
            IEnumerable<uint> missing, uint? relistThrough)
        {
            var skipped = new HashSet<uint>(missing);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Create;
            command.ExecuteNonQuery();
            command.CommandText = "INSERT OR REPLACE INTO fetch_uids (imap_uid_validity, imap_uid, returned) VALUES ($v, $uid, $returned)";
            command.Parameters.AddWithValue("$v", (long)uidValidity);
            var uid = command.Parameters.Add("$uid", SqliteType.Integer);
            var returned = command.Parameters.Add("$returned", SqliteType.Integer);
            foreach (var planUid in planned)
            {
                uid.Value = (long)planUid;
                returned.Value = skipped.Contains(planUid) ? 0 : 1;
                command.ExecuteNonQuery();
            }
            if (relistThrough == null)
                return;
            command.CommandText = CreateRelist;
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO fetch_relist (imap_uid_validity, relist_through) VALUES ($v, $through)";
            command.Parameters.AddWithValue("$through", (long)relistThrough.Value);
            command.ExecuteNonQuery();
        }

        /// <summary>The UIDs a stored batch planned within <paramref name="uidValidity"/>, those of them the server did not return,
        /// and how far its run was relisting (null: it was not). All empty for a DB written before batches recorded their fetch.</summary>
        internal static (IReadOnlyCollection<uint> planned, IReadOnlyCollection<uint> missing, uint? relistThrough) Read(string dbPath, uint uidValidity)
        {
            var planned = new List<uint>();
            var missing = new List<uint>();
            using var connection = MailDb.OpenReadOnly(dbPath);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fetch_uids'";
            if (command.ExecuteScalar() == null)
                return (planned, missing, null);
            command.Parameters.AddWithValue("$v", (long)uidValidity);
            command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fetch_relist'";
            uint? relistThrough = null;
            if (command.ExecuteScalar() != null)
            {
                command.CommandText = "SELECT MAX(relist_through) FROM fetch_relist WHERE imap_uid_validity = $v";
                relistThrough = command.ExecuteScalar() is long through ? (uint)through : (uint?)null;
            }
            command.CommandText = "SELECT imap_uid, returned FROM fetch_uids WHERE imap_uid_validity = $v";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var uid = (uint)reader.GetInt64(0);
                planned.Add(uid);
                if (reader.GetInt64(1) == 0)
                    missing.Add(uid);
            }
            return (planned, missing, relistThrough);
        }
    }
}
