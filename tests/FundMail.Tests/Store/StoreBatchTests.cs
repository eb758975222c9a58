using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using FundMail.Mime;
using FundMail.Store;
using FundMail.Tests.Mime;
using Microsoft.Data.Sqlite;
using Xunit;

namespace FundMail.Tests.Store
{
    public sealed class StoreBatchTests : IDisposable
    {
        private readonly string _base = Directory.CreateTempSubdirectory("fm-store-").FullName;
        private readonly TempParse _parse = new TempParse();
        private readonly string _corpus = CorpusLocator.Find();
        private static readonly DateTimeOffset RunTime = new DateTimeOffset(2026, 11, 21, 14, 5, 0, TimeSpan.FromHours(9));

        public void Dispose()
        {
            _parse.Dispose();
            Directory.Delete(_base, true);
        }

        private MailMessage Parse(string corpusFile, uint uid)
        {
            var mail = _parse.ParseFile(Path.Combine(_corpus, corpusFile));
            mail.Uid = uid;
            mail.UidValidity = 777;
            mail.ReceivedTime = RunTime.AddDays(-1);
            return mail;
        }

        private StoredBatch Store(params MailMessage[] mails)
        {
            using var batch = StoreBatch.Begin(new StoreLayout(_base), RunTime);
            foreach (var mail in mails)
                batch.Add(mail, RunTime);
            var stored = batch.Commit();
            batch.Complete();
            return stored;
        }

        private static SqliteConnection Open(string db)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }

        private static List<Dictionary<string, object?>> Rows(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var rows = new List<Dictionary<string, object?>>();
            while (reader.Read())
                rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
            return rows;
        }

        private static string Sha256(string path)
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        [Fact]
        public void Mails_and_attachments_land_in_one_db_with_the_seed_columns_and_safe_files()
        {
            var mails = new[]
            {
                Parse("korean__k06_path_tricks_rfc2231.eml", 1),
                Parse("korean__k02_outlook_ks_c_attachments_rfc2047_quoted.eml", 2),
                Parse("mailgem__basic_email.eml", 3),
            };
            var batch = Store(mails);

            Assert.Equal(Path.Combine(_base, "fm_2026_11_21_" + RunTime.ToLocalTime().ToString("HHmm") + ".db"), batch.DbPath);
            Assert.Equal(StoredFileKind.Database, batch.Files.Last().Kind);
            using var db = Open(batch.DbPath);
            var mailRows = Rows(db, "SELECT id, subject, sender, email_time, content, raw_sha256, raw_folder, raw_file_name, imap_uid FROM fund_mail ORDER BY imap_uid");
            Assert.Equal(3, mailRows.Count);
            Assert.Equal(mails[1].EmailId, mailRows[1]["id"]);
            Assert.Equal(mails[1].Subject, mailRows[1]["subject"]);
            Assert.Equal(mails[1].BodyText, mailRows[1]["content"]);
            Assert.Equal(mails[1].ReceivedTime!.Value, DateTimeOffset.Parse((string)mailRows[1]["email_time"]!));

            foreach (var row in mailRows)
            {
                var raw = Path.Combine(_base, (string)row["raw_folder"]!, (string)row["raw_file_name"]!);
                Assert.Equal(row["raw_sha256"], Sha256(raw));
            }

            var attachments = Rows(db, "SELECT parent_id, save_folder, file_name, original_file_name, size, sha256 FROM fund_mail_attach");
            var expectedCount = mails.Sum(m => m.Attachments.Count);
            Assert.Equal(expectedCount, attachments.Count);
            var folder = Path.Combine(_base, StoreLayout.DayFolder(RunTime.AddDays(-1)));
            foreach (var row in attachments)
            {
                var name = (string)row["file_name"]!;
                Assert.DoesNotContain('/', name);
                Assert.DoesNotContain('\\', name);
                var path = Path.Combine(_base, (string)row["save_folder"]!, name);
                Assert.Equal(folder, Path.GetDirectoryName(path));
                Assert.Equal(row["sha256"], Sha256(path));
                Assert.Equal(row["size"], new FileInfo(path).Length);
            }
            var names = attachments.Select(r => (string)r["file_name"]!).ToList();
            Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Contains(attachments, r => (string?)r["original_file_name"] == "../../evil.txt" && (string)r["file_name"]! == "evil.txt");
            Assert.Contains("_CON.txt", names);

            // The corpus files were copied, not moved; nothing half-written is left behind.
            Assert.True(File.Exists(Path.Combine(_corpus, "mailgem__basic_email.eml")));
            Assert.Empty(Directory.GetFiles(_base, "*.tmp", SearchOption.AllDirectories));
        }

        [Fact]
        public void A_second_run_in_the_same_minute_does_not_overwrite_the_first()
        {
            var first = Store(Parse("mailgem__basic_email.eml", 1));
            var second = Store(Parse("mailgem__basic_email.eml", 2));
            Assert.NotEqual(first.DbPath, second.DbPath);
            Assert.EndsWith("_2.db", second.DbPath);
            Assert.True(File.Exists(first.DbPath));
        }

        [Fact]
        public void The_same_mail_twice_is_stored_once_and_different_mails_sharing_a_message_id_both_are()
        {
            var a = Parse("mailgem__basic_email.eml", 1);
            var sameAgain = Parse("mailgem__basic_email.eml", 2);
            var impostor = _parse.ParseText("Message-ID: " + a.MessageId + "\nSubject: other\n\nbody\n");
            var batch = Store(a, sameAgain, impostor);
            using var db = Open(batch.DbPath);
            var ids = Rows(db, "SELECT id FROM fund_mail").Select(r => (string)r["id"]!).ToList();
            Assert.Equal(2, ids.Count);
            Assert.Contains(a.EmailId, ids);
            Assert.Contains(a.EmailId + "#" + impostor.RawSha256.Substring(0, 12), ids);
        }

        [Fact]
        public void Same_named_attachments_across_batches_are_numbered_not_overwritten()
        {
            var first = Store(Parse("korean__k02_outlook_ks_c_attachments_rfc2047_quoted.eml", 1));
            var second = Store(Parse("korean__k02_outlook_ks_c_attachments_rfc2047_quoted.eml", 2));
            var firstFiles = first.Files.Where(f => f.Kind == StoredFileKind.Attachment).Select(f => f.Path).ToList();
            var secondFiles = second.Files.Where(f => f.Kind == StoredFileKind.Attachment).Select(f => f.Path).ToList();
            Assert.NotEmpty(firstFiles);
            Assert.Empty(firstFiles.Intersect(secondFiles));
            Assert.All(firstFiles.Concat(secondFiles), f => Assert.True(File.Exists(f)));
            Assert.Contains(secondFiles, f => Path.GetFileName(f).Contains(" (2)"));
        }
    
        [Fact]
        public void Names_the_ledger_remembers_are_not_reused_even_when_the_files_are_gone()
        {
            var first = Store(Parse("korean__k02_outlook_ks_c_attachments_rfc2047_quoted.eml", 1));
            using (var ledger = Ledger.Open(_base))
            {
                ledger.Record(first.DbPath);
                foreach (var file in first.Files)
                    File.Delete(file.Path);
                using var batch = StoreBatch.Begin(new StoreLayout(_base), RunTime, ledger);
                batch.Add(Parse("korean__k02_outlook_ks_c_attachments_rfc2047_quoted.eml", 1), RunTime);
                var second = batch.Commit();
                batch.Complete();
                Assert.NotEqual(first.DbPath, second.DbPath);
                Assert.Empty(first.Files.Select(f => Path.GetFileName(f.Path)).Intersect(second.Files.Select(f => Path.GetFileName(f.Path)), StringComparer.OrdinalIgnoreCase));
                var mail = Parse("mailgem__basic_email.eml", 3);
                Assert.False(ledger.HasMail(mail.EmailId, mail.RawSha256));
                var k02 = Parse("korean__k02_outlook_ks_c_attachments_rfc2047_quoted.eml", 4);
                Assert.True(ledger.HasMail(k02.EmailId, k02.RawSha256));
                // Recording is idempotent: recovery may record a batch the run already recorded.
                ledger.Record(second.DbPath);
                ledger.Record(second.DbPath);
            }
        }

        [Fact]
        public void A_batch_given_up_removes_everything_it_wrote()
        {
            var mail = Parse("korean__k02_outlook_ks_c_attachments_rfc2047_quoted.eml", 1);
            using (var batch = StoreBatch.Begin(new StoreLayout(_base), RunTime))
                batch.Add(mail, RunTime);
            Assert.Empty(Directory.GetFiles(_base, "*", SearchOption.AllDirectories));
        }

        [Fact]
        public void Recovery_undoes_a_batch_whose_run_died_before_the_db_was_named_and_keeps_one_that_was()
        {
            var layout = new StoreLayout(_base);
            // A run that died mid-batch: never committed, never disposed.
            var dead = StoreBatch.Begin(layout, RunTime);
            dead.Add(Parse("korean__k02_outlook_ks_c_attachments_rfc2047_quoted.eml", 1), RunTime);
            Assert.NotEmpty(Directory.GetFiles(_base, "*.eml", SearchOption.AllDirectories));

            Assert.Empty(BatchRecovery.Recover(layout));
            Assert.Empty(Directory.GetFiles(_base, "*", SearchOption.AllDirectories));

            // A run that died right after its DB got its real name, before it recorded and queued it.
            StoredBatch committed;
            using (var batch = StoreBatch.Begin(layout, RunTime))
            {
                batch.Add(Parse("mailgem__basic_email.eml", 2), RunTime);
                committed = batch.Commit();
            }
            var recovered = Assert.Single(BatchRecovery.Recover(layout));
            Assert.Equal(committed.DbPath, recovered.DbPath);
            Assert.All(committed.Files, f => Assert.True(File.Exists(f.Path)));
            // Until completed, a second recovery (the recovering run was killed too) finds it again.
            Assert.Single(BatchRecovery.Recover(layout));
            recovered.Complete();
            Assert.Empty(BatchRecovery.Recover(layout));
            Assert.Empty(Directory.GetFiles(layout.SpoolDir));
        }
    }
}
