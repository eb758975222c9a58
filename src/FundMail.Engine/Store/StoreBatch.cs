using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FundMail.Mime;
using FundMail.Util;
using Microsoft.Data.Sqlite;

namespace FundMail.Store
{
    /// <summary>
    /// Writes one fm_*.db and its files as mails stream in (none is held in memory after it is added):
    /// each mail's raw .eml and attachments are placed under ATTACH_BASE_DIR/yyyy_mm_dd/ and its rows go into
    /// one open transaction on a temp DB. Each placed file starts flushing to disk at once, in the background;
    /// <see cref="Commit"/> waits until every file is flushed, commits, flushes the DB and renames it into place:
    /// a DB under its real name always has every file it names, complete and durable.
    /// Disposing without commit rolls back everything the batch wrote (scratch files it took go back where they were,
    /// so the same mail objects can be saved again); after commit, <see cref="Complete"/> drops the crash record.
    /// </summary>
    public sealed class StoreBatch : IDisposable
    {
        /// <summary>Files flushed at once while the batch fills (mostly waiting on the disk, not a core).</summary>
        private const int FlushesInFlight = 4;

        private readonly StoreLayout _layout;
        private readonly string _tempDb;
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;
        private readonly MailRows _rows;
        private readonly BatchJournal _journal;
        private readonly FileNames _names;
        /// <summary>Email id and raw SHA-256 of each mail stored: the same pair is the very same mail.</summary>
        private readonly HashSet<(string, string)> _mails = new HashSet<(string, string)>();
        private readonly HashSet<string> _rowIds = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<StoredFile> _files = new List<StoredFile>();
        private readonly List<PlacedFile> _placed = new List<PlacedFile>();
        private readonly List<string> _createdFolders = new List<string>();
        private BackgroundFlusher? _flusher;
        private bool _committed;
        private bool _disposed;

        private StoreBatch(StoreLayout layout, string dbPath, Func<string, string, bool> nameUsedBefore)
        {
            _layout = layout;
            DbPath = dbPath;
            _names = new FileNames(nameUsedBefore);
            _journal = BatchJournal.Create(layout.SpoolDir, dbPath);
            _tempDb = AtomicFile.TempNameFor(dbPath);
            _journal.Append(_tempDb);
            // No pooling: a pooled handle would keep the file open and block the rename on Windows.
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _tempDb, Pooling = false }.ToString());
            _connection.Open();
            // The temp file is discarded whole on failure, so a rollback journal would only cost time;
            // durability comes from the explicit flush before the rename.
            Execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
            _transaction = _connection.BeginTransaction();
            Execute(MailDbSchema.Create);
            _rows = new MailRows(_connection, _transaction);
        }

        /// <param name="ledger">When given, file and DB names used by earlier batches are never reused, even if deleted locally since.</param>
        public static StoreBatch Begin(StoreLayout layout, DateTimeOffset runTime, Ledger? ledger = null)
        {
            Directory.CreateDirectory(layout.BaseDir);
            var dbPath = layout.NewDbPath(runTime, name => ledger != null && ledger.DbNameUsed(name));
            return new StoreBatch(layout, dbPath, (folder, name) => ledger != null && ledger.FileNameUsed(folder, name));
        }

        public string DbPath { get; }
        public int MailCount { get; private set; }

        /// <summary>
        /// Stores one mail; returns false when the very same mail (same id, same bytes) is already in this batch.
        /// All or nothing per mail: when it throws, the mail's files are back where they were and it has no rows,
        /// so the batch can go on with other mails (or this one, parsed again).
        /// </summary>
        public bool Add(MailMessage mail, DateTimeOffset runTime)
        {
            if (_committed)
                throw new InvalidOperationException("the batch is already committed");
            if (_mails.Contains((mail.EmailId, mail.RawSha256)))
                return false;
            // Different mails sharing a Message-ID each get a row; only the first keeps the bare id.
            var id = _rowIds.Contains(mail.EmailId) ? mail.EmailId + "#" + mail.RawSha256.Substring(0, 12) : mail.EmailId;
            var placedBefore = _placed.Count;
            var filesBefore = _files.Count;
            try
            {
                PlaceAndInsert(mail, id, runTime);
            }
            catch
            {
                for (var i = _placed.Count - 1; i >= placedBefore; i--)
                    _placed[i].Undo();
                _placed.RemoveRange(placedBefore, _placed.Count - placedBefore);
                _files.RemoveRange(filesBefore, _files.Count - filesBefore);
                throw;
            }
            _mails.Add((mail.EmailId, mail.RawSha256));
            _rowIds.Add(id);
            // Flushed only once the mail is whole: an undone placement is never being flushed.
            _flusher ??= new BackgroundFlusher(FlushesInFlight);
            for (var i = filesBefore; i < _files.Count; i++)
                _flusher.Add(_files[i].Path);
            MailCount++;
            return true;
        }

        private void PlaceAndInsert(MailMessage mail, string id, DateTimeOffset runTime)
        {
            // A content file already gone (removed by antivirus, say) fails the mail before anything moves.
            foreach (var source in new[] { mail.RawPath }.Concat(mail.Attachments.Select(a => a.ContentPath)))
                if (!File.Exists(source))
                    throw new StoreException("cannot store mail " + mail.EmailId + ": its content file " + source +
                                             " is gone (removed by antivirus, or cleaned from the temp folder?)");
            var day = StoreLayout.DayFolder(mail.ReceivedTime ?? runTime);
            var folder = Path.Combine(_layout.AttachBaseDir, day);
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                _createdFolders.Add(folder);
            }
            var rawName = _names.Reserve(folder, day, RawName(mail));
            mail.RawPath = Place(mail.RawPath, Path.Combine(folder, rawName), StoredFileKind.RawMessage, mail.RawSha256, p => mail.RawPath = p);
            var attachments = new List<(MailAttachment, string)>(mail.Attachments.Count);
            foreach (var attachment in mail.Attachments)
            {
                var name = _names.Reserve(folder, day, SafeFileName.From(attachment.FileName));
                attachment.ContentPath = Place(attachment.ContentPath, Path.Combine(folder, name), StoredFileKind.Attachment, attachment.Sha256,
                    p => attachment.ContentPath = p);
                attachments.Add((attachment, name));
            }
            _rows.Insert(id, mail, day, rawName, attachments);
        }

        /// <summary>Records what the fetch behind this batch planned, which of it the server did not return, and how far its run was
        /// relisting after a UIDVALIDITY change, if it was (see <see cref="FetchedUids"/>).</summary>
        public void RecordFetch(uint uidValidity, IEnumerable<uint> planned, IEnumerable<uint> missing, uint? relistThrough) =>
            FetchedUids.Write(_connection, _transaction, uidValidity, planned, missing, relistThrough);

        public StoredBatch Commit()
        {
            if (MailCount == 0)
                throw new InvalidOperationException("an empty batch is not written: no DB file for no mail");
            _flusher?.WaitAll();
            var folders = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in _files)
                folders.Add(Path.GetDirectoryName(file.Path)!);
            foreach (var folder in folders)
                Durability.FlushDirectory(folder);

            _rows.Dispose();
            _transaction.Commit();
            _connection.Dispose();
            Durability.FlushFile(_tempDb);
            File.Move(_tempDb, DbPath);
            Durability.FlushDirectory(Path.GetDirectoryName(DbPath)!);
            _committed = true;
            _journal.Dispose();
            _files.Add(new StoredFile(DbPath, StoredFileKind.Database, new FileInfo(DbPath).Length, null));
            return new StoredBatch(DbPath, MailCount, _files.ToArray());
        }

        /// <summary>
        /// Forgets the crash record once the caller has recorded the committed batch wherever it must (ledger, outbox,
        /// checkpoint). Until then a dead run's batch is found by <see cref="BatchRecovery"/> and completed there.
        /// </summary>
        public void Complete()
        {
            if (!_committed)
                throw new InvalidOperationException("commit the batch before completing it");
            File.Delete(_journal.Path);
        }

        public void Dispose()
        {
            if (_disposed)
                return;
            _disposed = true;
            _flusher?.Dispose();
            _flusher = null;
            if (_committed)
                return;
            _rows.Dispose();
            _transaction.Dispose();
            _connection.Dispose();
            _journal.Dispose();
            RollBack();
        }

        /// <summary>
        /// Undoes every placement, newest first, then drops the temp DB, the folders this batch created (when empty)
        /// and, last, the crash record: a crash half-way leaves the journal for <see cref="BatchRecovery"/> to finish.
        /// </summary>
        private void RollBack()
        {
            for (var i = _placed.Count - 1; i >= 0; i--)
                _placed[i].Undo();
            File.Delete(_tempDb);
            foreach (var folder in _createdFolders)
                if (Directory.Exists(folder) && Directory.GetFileSystemEntries(folder).Length == 0)
                    Directory.Delete(folder);
            File.Delete(_journal.Path);
        }

        /// <summary>
        /// Moves a scratch file (a fetch's spool, a parse's decoded part) onto its final name; copies anything else
        /// (a .eml the user parsed, a mail object saved a second time). Never overwrites.
        /// </summary>
        private string Place(string source, string target, StoredFileKind kind, string sha256, Action<string> pointAt)
        {
            if (!File.Exists(source))
                throw new StoreException("cannot store " + target + ": its content file " + source + " is gone (was it cleaned from the temp folder?)");
            _journal.Append(target);
            var move = IsScratch(source);
            _placed.Add(new PlacedFile(target, source, move, pointAt));
            if (move)
                File.Move(source, target);
            else
                File.Copy(source, target);
            _files.Add(new StoredFile(target, kind, new FileInfo(target).Length, sha256));
            return target;
        }

        private bool IsScratch(string path)
        {
            var full = Path.GetFullPath(path);
            return Paths.IsUnder(full, _layout.SpoolDir) || Paths.IsUnder(full, ScratchDirectories.Temp);
        }

        private static string RawName(MailMessage mail) =>
            mail.Uid != 0 ? "mail_" + mail.UidValidity + "_" + mail.Uid + ".eml" : "mail_" + mail.RawSha256.Substring(0, 16) + ".eml";

        /// <summary>A file the batch put in place, and how to take it back: moved scratch goes home, a copy is deleted; the mail points at its source again.</summary>
        private sealed class PlacedFile
        {
            private readonly string _target;
            private readonly string _source;
            private readonly bool _moved;
            private readonly Action<string> _pointAt;

            public PlacedFile(string target, string source, bool moved, Action<string> pointAt)
            {
                _target = target;
                _source = source;
                _moved = moved;
                _pointAt = pointAt;
            }

            public void Undo()
            {
                if (!_moved)
                    File.Delete(_target);
                else if (File.Exists(_target) && !File.Exists(_source))
                    File.Move(_target, _source);
                _pointAt(_source);
            }
        }

        private void Execute(string sql)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
