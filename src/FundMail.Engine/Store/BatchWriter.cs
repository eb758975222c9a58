using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FundMail.Util;
using Microsoft.Data.Sqlite;

namespace FundMail.Store
{
    /// <summary>
    /// Carries out a <see cref="BatchPlan"/>: raw messages and attachments first (each flushed to disk, then
    /// moved onto its planned name), then the DB in one transaction under a temp name, flushed, renamed.
    /// So a DB under its real name always has every file it names, complete.
    /// </summary>
    public static class BatchWriter
    {
        public static StoredBatch Write(BatchPlan plan)
        {
            var files = new List<StoredFile>();
            foreach (var mail in plan.Mails)
            {
                var folder = Path.Combine(plan.Layout.AttachBaseDir, mail.DayFolder);
                Directory.CreateDirectory(folder);
                files.Add(Place(mail.Mail.RawPath, mail.RawPath(plan.Layout), StoredFileKind.RawMessage, mail.Mail.RawSha256, plan.Layout));
                mail.Mail.RawPath = mail.RawPath(plan.Layout);
                foreach (var attachment in mail.Attachments)
                {
                    var target = attachment.Path(plan.Layout, mail.DayFolder);
                    files.Add(Place(attachment.Source.ContentPath, target, StoredFileKind.Attachment, attachment.Source.Sha256, plan.Layout));
                    attachment.Source.ContentPath = target;
                }
            }
            foreach (var folder in files.Select(f => Path.GetDirectoryName(f.Path)!).Distinct())
                Durability.FlushDirectory(folder);

            WriteDb(plan);
            files.Add(new StoredFile(plan.DbPath, StoredFileKind.Database, new FileInfo(plan.DbPath).Length, null));
            return new StoredBatch(plan.DbPath, plan.Mails.Count, files);
        }

        /// <summary>
        /// Moves a scratch file (a fetch's spool, a parse's decoded part) onto its final name; copies anything
        /// else (a .eml the user parsed, a mail object saved a second time). Never overwrites.
        /// </summary>
        private static StoredFile Place(string source, string target, StoredFileKind kind, string sha256, StoreLayout layout)
        {
            if (!File.Exists(source))
                throw new StoreException("cannot store " + target + ": its content file " + source + " is gone (was the mail object already saved, or its temp folder cleaned?)");
            var temp = AtomicFile.TempNameFor(target);
            if (IsScratch(source, layout))
                File.Move(source, temp);
            else
                File.Copy(source, temp);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                stream.Flush(true);
            File.Move(temp, target);
            return new StoredFile(target, kind, new FileInfo(target).Length, sha256);
        }

        private static bool IsScratch(string path, StoreLayout layout)
        {
            var full = Path.GetFullPath(path);
            return IsUnder(full, layout.SpoolDir) || IsUnder(full, ScratchDirectories.Temp);
        }

        private static bool IsUnder(string path, string directory) =>
            path.StartsWith(directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

        private static void WriteDb(BatchPlan plan)
        {
            var temp = AtomicFile.TempNameFor(plan.DbPath);
            try
            {
                // No pooling: a pooled handle would keep the file open and block the rename on Windows.
                var connectionString = new SqliteConnectionStringBuilder { DataSource = temp, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
                using (var connection = new SqliteConnection(connectionString))
                {
                    connection.Open();
                    // The temp file is discarded whole on any failure, so a rollback journal would only cost time;
                    // durability comes from the explicit flush before the rename.
                    Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
                    using var transaction = connection.BeginTransaction();
                    Execute(connection, MailDbSchema.Create, transaction);
                    MailRows.Insert(connection, transaction, plan);
                    transaction.Commit();
                }
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                    stream.Flush(true);
                File.Move(temp, plan.DbPath);
                Durability.FlushDirectory(Path.GetDirectoryName(plan.DbPath)!);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
        }

        private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
