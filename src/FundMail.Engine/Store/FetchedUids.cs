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

        internal static void Write(SqliteConnection connection, SqliteTransaction transaction, uint uidValidity, IEnumerable<uint> planned,
            IEnumerable<uint> missing)
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
        }

        /// <summary>The UIDs a stored batch planned within <paramref name="uidValidity"/>, and those of them the server did not return.
        /// Both are empty for a DB written before batches recorded their fetch.</summary>
        internal static (IReadOnlyCollection<uint> planned, IReadOnlyCollection<uint> missing) Read(string dbPath, uint uidValidity)
        {
            var planned = new List<uint>();
            var missing = new List<uint>();
            using var connection = MailDb.OpenReadOnly(dbPath);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fetch_uids'";
            if (command.ExecuteScalar() == null)
                return (planned, missing);
            command.CommandText = "SELECT imap_uid, returned FROM fetch_uids WHERE imap_uid_validity = $v";
            command.Parameters.AddWithValue("$v", (long)uidValidity);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var uid = (uint)reader.GetInt64(0);
                planned.Add(uid);
                if (reader.GetInt64(1) == 0)
                    missing.Add(uid);
            }
            return (planned, missing);
        }
    }
}
