using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Data.Sqlite;

namespace FundMail.Store
{
    /// <summary>
    /// BASE_DIR/ledger.db: what has ever been stored, independent of IMAP UIDs. It lets a cycle recognise mail
    /// it already has when UIDs cannot be trusted (UIDVALIDITY changed, a UID retried), and keeps every file and
    /// DB name ever used so a name on the server is never reused for different content.
    /// </summary>
    public sealed class Ledger : IDisposable
    {
        private const string Schema = @"
CREATE TABLE IF NOT EXISTS mails (email_id TEXT NOT NULL, raw_sha256 TEXT NOT NULL, db_file TEXT NOT NULL,
    uid_validity INTEGER, uid INTEGER, received TEXT, stored_at TEXT NOT NULL, PRIMARY KEY (email_id, raw_sha256));
CREATE TABLE IF NOT EXISTS files (folder TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY (folder, name));
CREATE TABLE IF NOT EXISTS db_files (name TEXT PRIMARY KEY, shipped TEXT);";

        private readonly SqliteConnection _connection;

        private Ledger(SqliteConnection connection)
        {
            _connection = connection;
        }

        public static Ledger Open(string baseDir)
        {
            Directory.CreateDirectory(baseDir);
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(baseDir, "ledger.db"), Pooling = false,
            }.ToString());
            connection.Open();
            var ledger = new Ledger(connection);
            ledger.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;" + Schema);
            return ledger;
        }

        // Asked once per mail and once per stored file: prepared once, not per call.
        private SqliteCommand? _hasMail;
        private SqliteCommand? _fileNameUsed;

        public bool HasMail(string emailId, string rawSha256) =>
            Exists(ref _hasMail, "SELECT 1 FROM mails WHERE email_id = $a AND raw_sha256 = $b", emailId, rawSha256);

        public bool FileNameUsed(string folder, string name) =>
            Exists(ref _fileNameUsed, "SELECT 1 FROM files WHERE folder = $a AND name = $b", folder, name);

        public bool DbNameUsed(string name) => Scalar("SELECT 1 FROM db_files WHERE name = $a", name, null) != null;

        /// <summary>The DB is on the server with all its files.</summary>
        public void MarkShipped(string dbPath)
        {
            Execute("UPDATE db_files SET shipped = $at WHERE name = $name", null,
                ("$at", DateTimeOffset.Now.ToString("o")), ("$name", Path.GetFileName(dbPath)));
        }

        /// <summary>DB file names recorded as stored but never marked shipped.</summary>
        public IReadOnlyList<string> UnshippedDbFiles()
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT name FROM db_files WHERE shipped IS NULL ORDER BY name";
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
                names.Add(reader.GetString(0));
            return names;
        }

        /// <summary>Records everything a committed batch DB holds. Idempotent, so recovery may repeat it.</summary>
        public void Record(string dbPath)
        {
            // SQLite attaches only outside a transaction.
            Execute("ATTACH DATABASE $db AS batch", null, ("$db", dbPath));
            try
            {
                using var transaction = _connection.BeginTransaction();
                // The mail's own email id: fund_mail.id may carry a "#sha" suffix that only made it unique in its file.
                Execute(@"INSERT OR IGNORE INTO mails (email_id, raw_sha256, db_file, uid_validity, uid, received, stored_at)
                          SELECT COALESCE(message_id, id), raw_sha256, $name, imap_uid_validity, imap_uid, email_time, stored_at
                          FROM batch.fund_mail;
                          INSERT OR IGNORE INTO files (folder, name) SELECT raw_folder, raw_file_name FROM batch.fund_mail;
                          INSERT OR IGNORE INTO files (folder, name) SELECT save_folder, file_name FROM batch.fund_mail_attach;
                          INSERT OR IGNORE INTO db_files (name) VALUES ($name);",
                    transaction, ("$name", Path.GetFileName(dbPath)));
                transaction.Commit();
            }
            finally
            {
                Execute("DETACH DATABASE batch");
            }
        }

        public void Dispose()
        {
            _hasMail?.Dispose();
            _fileNameUsed?.Dispose();
            _connection.Dispose();
        }

        private bool Exists(ref SqliteCommand? command, string sql, string a, string b)
        {
            if (command == null)
            {
                command = _connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.Add("$a", SqliteType.Text);
                command.Parameters.Add("$b", SqliteType.Text);
            }
            command.Parameters[0].Value = a;
            command.Parameters[1].Value = b;
            return command.ExecuteScalar() != null;
        }

        private object? Scalar(string sql, string a, string? b)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$a", a);
            if (b != null)
                command.Parameters.AddWithValue("$b", b);
            return command.ExecuteScalar();
        }

        private void Execute(string sql, SqliteTransaction? transaction = null, params (string name, object value)[] parameters)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
                command.Parameters.AddWithValue(name, value);
            command.ExecuteNonQuery();
        }
    }
}
