using System;
using System.Collections.Generic;
using System.IO;
using FundMail.Mime;
using FundMail.Store;
using FundMail.Tests.Mime;
using Microsoft.Data.Sqlite;
using Xunit;

namespace FundMail.Tests.Store
{
    /// <summary>What the ledger knows beyond "stored before": where capture stands, and a mail's identity apart from its bytes.</summary>
    public sealed class LedgerTests : IDisposable
    {
        private readonly string _base = Directory.CreateTempSubdirectory("fm-ledger-").FullName;
        private readonly TempParse _parse = new TempParse();
        private static readonly DateTimeOffset RunTime = new DateTimeOffset(2026, 11, 21, 14, 5, 0, TimeSpan.FromHours(9));

        public void Dispose()
        {
            _parse.Dispose();
            Directory.Delete(_base, true);
        }

        private MailMessage Mail(uint uid, string extraHeader = "")
        {
            var mail = _parse.ParseText(extraHeader + "From: 펀드 <sender@fundmail.test>\nSubject: mail " + uid + "\nDate: Fri, 20 Nov 2026 09:00:00 +0900\n" +
                                        "Message-ID: <m" + uid + "@fundmail.test>\n\nbody " + uid + "\n");
            mail.Uid = uid;
            mail.UidValidity = 777;
            mail.ReceivedTime = RunTime.AddDays(-1);
            return mail;
        }

        /// <summary>Stores a batch as a cycle does (with its fetch record) or as Save-FundMailDb does (planned: null).</summary>
        private void Store(Ledger ledger, IEnumerable<MailMessage> mails, uint[]? planned = null, uint[]? missing = null)
        {
            using var batch = StoreBatch.Begin(new StoreLayout(_base), RunTime, ledger);
            foreach (var mail in mails)
                Assert.True(batch.Add(mail, RunTime));
            if (planned != null)
                batch.RecordFetch(777, planned, missing ?? Array.Empty<uint>(), null);
            ledger.Record(batch.Commit().DbPath);
            batch.Complete();
        }

        [Fact]
        public void The_position_comes_from_cycle_batches_with_the_uids_the_server_skipped()
        {
            using var ledger = Ledger.Open(_base);
            Store(ledger, new[] { Mail(500) }); // Save-FundMailDb of a single UID far ahead: no cycle has captured anything yet
            Assert.Null(ledger.CapturePosition());
            Store(ledger, new[] { Mail(100), Mail(101), Mail(103) }, new uint[] { 100, 101, 102, 103 }, new uint[] { 102 });

            var position = ledger.CapturePosition()!;
            Assert.Equal(777u, position.UidValidity);
            Assert.Equal(103u, position.LastUid);
            Assert.Equal(new uint[] { 102 }, position.RetryUids);
            Assert.True(position.FromCycleBatches);

            Store(ledger, new[] { Mail(102), Mail(104) }, new uint[] { 102, 104 });
            position = ledger.CapturePosition()!;
            Assert.Equal(104u, position.LastUid);
            Assert.Empty(position.RetryUids);
        }

        [Fact]
        public void A_re_rendered_mail_is_recognised_by_message_id_sender_and_date_and_a_different_one_is_not()
        {
            using var ledger = Ledger.Open(_base);
            Store(ledger, new[] { Mail(1) });
            var reRendered = Mail(1, "X-Rerendered: yes\n");
            Assert.False(ledger.HasMail(reRendered.EmailId, reRendered.RawSha256));
            Assert.True(ledger.HasSameMail(reRendered));
            var otherDate = _parse.ParseText("From: 펀드 <sender@fundmail.test>\nDate: Fri, 20 Nov 2026 09:00:01 +0900\nMessage-ID: <m1@fundmail.test>\n\nx\n");
            Assert.False(ledger.HasSameMail(otherDate));
        }

        /// <summary>A ledger.db written by an earlier version gains the new columns and keeps every row.</summary>
        [Fact]
        public void An_existing_ledger_is_migrated_and_keeps_its_rows()
        {
            using (var connection = new SqliteConnection("Data Source=" + Path.Combine(_base, "ledger.db") + ";Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = @"
CREATE TABLE mails (email_id TEXT NOT NULL, raw_sha256 TEXT NOT NULL, db_file TEXT NOT NULL,
    uid_validity INTEGER, uid INTEGER, received TEXT, stored_at TEXT NOT NULL, PRIMARY KEY (email_id, raw_sha256));
CREATE TABLE files (folder TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY (folder, name));
CREATE TABLE db_files (name TEXT PRIMARY KEY, shipped TEXT);
INSERT INTO mails VALUES ('<old@fundmail.test>', 'abc', 'fm_2026_11_01_0900.db', 5, 42, '2026-11-01T09:00:00+09:00', '2026-11-01T09:00:00+09:00');";
                command.ExecuteNonQuery();
            }

            using (var ledger = Ledger.Open(_base))
            {
                Assert.True(ledger.HasMail("<old@fundmail.test>", "abc"));
                var position = ledger.CapturePosition()!;
                Assert.Equal(42u, position.LastUid);
                Assert.False(position.FromCycleBatches);
                Store(ledger, new[] { Mail(1) });
                Assert.True(ledger.HasSameMail(Mail(1, "X-Rerendered: yes\n")));
            }
            using (var again = Ledger.Open(_base)) // opening a migrated ledger changes nothing
                Assert.True(again.HasMail("<old@fundmail.test>", "abc"));
        }
    }
}
