using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using FundMail.Mime;
using Microsoft.Data.Sqlite;

namespace FundMail.Store
{
    /// <summary>
    /// BASE_DIR/ledger.db: what has ever been stored, independent of IMAP UIDs. It lets a cycle recognise mail
    /// it already has when UIDs cannot be trusted (UIDVALIDITY changed, a UID retried), and keeps every file and
    /// DB name ever used so a name on the server is never reused for different content. With the UIDs each batch
    /// planned (fetch_uids) it is also enough to rebuild a lost checkpoint.
    /// </summary>
    public sealed class Ledger : IDisposable
    {
        /// <summary>Columns added after ledgers were in use: what recognises a mail re-rendered after a UIDVALIDITY change.
        /// Rows recorded before they existed hold NULL there: without a Message-ID they are recognised by their bytes only,
        /// without a content fingerprint by Message-ID, sender and Date.</summary>
        private static readonly (string name, string type)[] AddedMailColumns =
            { ("message_id", "TEXT"), ("sender_address", "TEXT"), ("sent_time", "TEXT"), ("content_sha256", "TEXT") };

        private const string Schema = @"
CREATE TABLE IF NOT EXISTS mails (email_id TEXT NOT NULL, raw_sha256 TEXT NOT NULL, db_file TEXT NOT NULL,
    uid_validity INTEGER, uid INTEGER, received TEXT, stored_at TEXT NOT NULL, PRIMARY KEY (email_id, raw_sha256));
CREATE TABLE IF NOT EXISTS fetch_uids (uid_validity INTEGER NOT NULL, uid INTEGER NOT NULL, returned INTEGER NOT NULL, db_file TEXT NOT NULL,
    PRIMARY KEY (uid_validity, uid, db_file));
CREATE TABLE IF NOT EXISTS relists (uid_validity INTEGER NOT NULL, relist_through INTEGER NOT NULL, db_file TEXT NOT NULL,
    PRIMARY KEY (uid_validity, db_file));
CREATE TABLE IF NOT EXISTS files (folder TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY (folder, name));
CREATE TABLE IF NOT EXISTS db_files (name TEXT PRIMARY KEY, shipped TEXT);
CREATE TABLE IF NOT EXISTS ledger_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);";

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
            ledger.AddMissingColumns();
            return ledger;
        }

        private void AddMissingColumns()
        {
            if (MissingColumns(null).Count > 0)
            {
                // BEGIN IMMEDIATE: one process migrates; another waiting here then finds nothing missing.
                using var transaction = _connection.BeginTransaction();
                var missing = MissingColumns(transaction);
                // Mail recorded before batches recorded their fetch (which came with message_id): capture may have stood anywhere among it.
                if (missing.Any(column => column.name == "message_id"))
                    Execute(@"INSERT OR IGNORE INTO ledger_info (key, value) SELECT 'mails_before_fetch_uids', $now WHERE EXISTS (SELECT 1 FROM mails)",
                        transaction, ("$now", DateTimeOffset.Now.ToString("o")));
                foreach (var (name, type) in missing)
                    Execute("ALTER TABLE mails ADD COLUMN " + name + " " + type, transaction);
                transaction.Commit();
            }
            Execute("CREATE INDEX IF NOT EXISTS mails_message_id ON mails (message_id)");
        }

        private List<(string name, string type)> MissingColumns(SqliteTransaction? transaction)
        {
            var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA table_info(mails)";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                columns.Add(reader.GetString(1));
            return AddedMailColumns.Where(column => !columns.Contains(column.name)).ToList();
        }

        // Asked once per mail and once per stored file: prepared once, not per call.
        private SqliteCommand? _hasMail;
        private SqliteCommand? _fileNameUsed;

        public bool HasMail(string emailId, string rawSha256) =>
            Exists(ref _hasMail, "SELECT 1 FROM mails WHERE email_id = $a AND raw_sha256 = $b", emailId, rawSha256);

        /// <summary>
        /// The same mail as one stored before, though its bytes differ (Exchange re-renders mail when a mailbox is rebuilt):
        /// same Message-ID, sender address and Date header, and the same <see cref="ContentFingerprint"/> (subject, text and
        /// attachments). Mail sharing a Message-ID with other content is another mail. Mail without a Message-ID never matches.
        /// </summary>
        public bool HasSameMail(MailMessage mail)
        {
            if (mail.MessageId == null)
                return false;
            using var command = _connection.CreateCommand();
            command.CommandText = @"SELECT 1 FROM mails WHERE message_id = $id AND sender_address IS $sender AND sent_time IS $sent
                                    AND (content_sha256 IS NULL OR content_sha256 = $content)";
            command.Parameters.AddWithValue("$id", mail.MessageId);
            command.Parameters.AddWithValue("$content", ContentFingerprint.Of(mail.Subject, mail.BodyText, mail.Attachments.Select(a => a.Sha256)));
            command.Parameters.AddWithValue("$sender", (object?)mail.From?.Address ?? DBNull.Value);
            command.Parameters.AddWithValue("$sent", mail.SentTime == null ? DBNull.Value
                : (object)mail.SentTime.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            return command.ExecuteScalar() != null;
        }

        /// <summary>When the earliest mail stored under <paramref name="uidValidity"/> was received; null when none was.</summary>
        public DateTimeOffset? OldestReceived(uint uidValidity)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT received FROM mails WHERE uid_validity = $v AND received IS NOT NULL ORDER BY julianday(received) LIMIT 1";
            command.Parameters.AddWithValue("$v", (long)uidValidity);
            return command.ExecuteScalar() is string received ? DateTimeOffset.Parse(received, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        }

        /// <summary>
        /// How far the scheduled capture got. Batches a cycle stores record the UIDs they planned (fetch_uids): the newest
        /// such batch gives the UIDVALIDITY, the highest UID planned and returned under it is the last UID, and UIDs planned
        /// but never returned nor stored since are to be retried. A ledger whose mail predates fetch_uids falls back to the
        /// stored mail itself, mail saved by Save-FundMailDb included. Null when no cycle ever stored mail.
        /// </summary>
        public LedgerPosition? CapturePosition()
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT uid_validity FROM fetch_uids ORDER BY rowid DESC LIMIT 1";
            var fromCycles = command.ExecuteScalar();
            command.CommandText = "SELECT uid_validity FROM mails WHERE uid_validity IS NOT NULL AND uid IS NOT NULL " +
                                  "AND EXISTS (SELECT 1 FROM ledger_info WHERE key = 'mails_before_fetch_uids') ORDER BY rowid DESC LIMIT 1";
            if (!((fromCycles ?? command.ExecuteScalar()) is long validity))
                return null;
            var position = new LedgerPosition { UidValidity = (uint)validity, FromCycleBatches = fromCycles != null };
            command.Parameters.AddWithValue("$v", validity);
            command.CommandText = position.FromCycleBatches
                ? "SELECT MAX(uid) FROM fetch_uids WHERE uid_validity = $v AND returned = 1"
                : "SELECT MAX(uid) FROM mails WHERE uid_validity = $v";
            position.LastUid = command.ExecuteScalar() is long last ? (uint)last : 0;
            command.Parameters.AddWithValue("$last", (long)position.LastUid);
            command.CommandText = "SELECT email_id, received FROM mails WHERE uid_validity = $v AND uid <= $last ORDER BY uid DESC LIMIT 1";
            using (var reader = command.ExecuteReader())
            {
                if (reader.Read())
                {
                    position.LastEmailId = reader.GetString(0);
                    position.LastTime = reader.IsDBNull(1) ? null : DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
                }
            }
            command.CommandText = @"SELECT uid FROM fetch_uids WHERE uid_validity = $v GROUP BY uid
                                    HAVING MAX(returned) = 0 AND uid NOT IN (SELECT uid FROM mails WHERE uid_validity = $v AND uid IS NOT NULL)
                                    ORDER BY uid";
            using (var reader = command.ExecuteReader())
                while (reader.Read())
                    position.RetryUids.Add((uint)reader.GetInt64(0));
            command.CommandText = "SELECT MAX(relist_through) FROM relists WHERE uid_validity = $v";
            if (command.ExecuteScalar() is long relistThrough && relistThrough > position.LastUid)
                position.RelistThrough = (uint)relistThrough;
            return position;
        }

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
                // sent_time in UTC: the batch writes local time, and the offset may differ between runs.
                Execute(@"INSERT OR IGNORE INTO mails (email_id, raw_sha256, db_file, uid_validity, uid, received, stored_at,
                              message_id, sender_address, sent_time)
                          SELECT COALESCE(message_id, id), raw_sha256, $name, imap_uid_validity, imap_uid, email_time, stored_at,
                              message_id, sender_address, strftime('%Y-%m-%dT%H:%M:%SZ', sent_time)
                          FROM batch.fund_mail;
                          INSERT OR IGNORE INTO files (folder, name) SELECT raw_folder, raw_file_name FROM batch.fund_mail;
                          INSERT OR IGNORE INTO files (folder, name) SELECT save_folder, file_name FROM batch.fund_mail_attach;
                          INSERT OR IGNORE INTO db_files (name) VALUES ($name);",
                    transaction, ("$name", Path.GetFileName(dbPath)));
                if (HasTable("batch", "fetch_uids", transaction))
                    Execute(@"INSERT OR IGNORE INTO fetch_uids (uid_validity, uid, returned, db_file)
                              SELECT imap_uid_validity, imap_uid, returned, $name FROM batch.fetch_uids",
                        transaction, ("$name", Path.GetFileName(dbPath)));
                RecordFingerprints(Path.GetFileName(dbPath), transaction);
                if (HasTable("batch", "fetch_relist", transaction))
                    Execute(@"INSERT OR IGNORE INTO relists (uid_validity, relist_through, db_file)
                              SELECT imap_uid_validity, MAX(relist_through), $name FROM batch.fetch_relist GROUP BY imap_uid_validity",
                        transaction, ("$name", Path.GetFileName(dbPath)));
                transaction.Commit();
            }
            finally
            {
                Execute("DETACH DATABASE batch");
            }
        }

        /// <summary>Each mail of the attached batch gets its <see cref="ContentFingerprint"/>, from what the batch stored of it.</summary>
        private void RecordFingerprints(string dbName, SqliteTransaction transaction)
        {
            var mails = new List<(string emailId, string rawSha, string fingerprint)>();
            using (var read = _connection.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = @"SELECT COALESCE(m.message_id, m.id), m.raw_sha256, m.subject, m.content,
                                         (SELECT group_concat(a.sha256) FROM batch.fund_mail_attach a WHERE a.parent_id = m.id)
                                     FROM batch.fund_mail m";
                using var reader = read.ExecuteReader();
                while (reader.Read())
                {
                    var attachments = reader.IsDBNull(4) ? Array.Empty<string>() : reader.GetString(4).Split(',');
                    mails.Add((reader.GetString(0), reader.GetString(1),
                        ContentFingerprint.Of(reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), attachments)));
                }
            }
            using var update = _connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE mails SET content_sha256 = $content WHERE email_id = $id AND raw_sha256 = $raw AND db_file = $db";
            var id = update.Parameters.Add("$id", SqliteType.Text);
            var raw = update.Parameters.Add("$raw", SqliteType.Text);
            var content = update.Parameters.Add("$content", SqliteType.Text);
            update.Parameters.AddWithValue("$db", dbName);
            foreach (var (emailId, rawSha, fingerprint) in mails)
            {
                id.Value = emailId;
                raw.Value = rawSha;
                content.Value = fingerprint;
                update.ExecuteNonQuery();
            }
        }

        public void Dispose()
        {
            _hasMail?.Dispose();
            _fileNameUsed?.Dispose();
            _connection.Dispose();
        }

        private bool HasTable(string schema, string table, SqliteTransaction transaction)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT 1 FROM " + schema + ".sqlite_master WHERE type = 'table' AND name = $name";
            command.Parameters.AddWithValue("$name", table);
            return command.ExecuteScalar() != null;
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

    /// <summary>Where capture stands according to the ledger (<see cref="Ledger.CapturePosition"/>).</summary>
    public sealed class LedgerPosition
    {
        public uint UidValidity { get; set; }
        public uint LastUid { get; set; }
        public string? LastEmailId { get; set; }
        public DateTimeOffset? LastTime { get; set; }
        public List<uint> RetryUids { get; } = new List<uint>();

        /// <summary>Capture was relisting after a UIDVALIDITY change and had not got past this UID (see <see cref="FetchedUids"/>).</summary>
        public uint? RelistThrough { get; set; }

        /// <summary>False for a ledger written before batches recorded their planned UIDs (see <see cref="Ledger.CapturePosition"/>).</summary>
        public bool FromCycleBatches { get; set; }
    }
}
