using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Logging;
using FundMail.Store;
using FundMail.Tests.Imap;
using FundMail.Tests.Module;
using FundMail.TestServers.Mail;
using Xunit;

namespace FundMail.Tests.Cycle
{
    /// <summary>The capture step against the real Dovecot: fetch, parse and store overlap, yet the batch keeps fetch order and stays all-or-nothing.</summary>
    public class MailCaptureTests : IClassFixture<DovecotFixture>, IDisposable
    {
        private readonly DovecotFixture _fixture;
        private readonly ImapTestSupport _support;
        private readonly string _baseDir = Directory.CreateTempSubdirectory("fundmail-capture-").FullName;

        public MailCaptureTests(DovecotFixture fixture)
        {
            _fixture = fixture;
            _support = new ImapTestSupport(fixture);
        }

        public void Dispose() => Directory.Delete(_baseDir, true);

        [Fact]
        public async Task Mails_are_stored_in_fetch_order_with_each_stage_timed()
        {
            var uids = await AppendAsync(60, seed: 11);
            var report = await CaptureAfterAsync(uids[0] - 1, (ConfigKeys.BatchMaxMails, "60"));

            Assert.Equal(60, report.MailsStored);
            using (var db = MailDb.OpenReadOnly(report.DbPath!))
            {
                using var command = db.CreateCommand();
                command.CommandText = "SELECT imap_uid FROM fund_mail ORDER BY rowid";
                using var reader = command.ExecuteReader();
                var stored = new List<uint>();
                while (reader.Read())
                    stored.Add((uint)reader.GetInt64(0));
                Assert.Equal(uids, stored);
            }
            foreach (var stage in new[] { "fetch", "parse", "store", "commit" })
                Assert.True(report.Timings.TryGetValue(stage, out var seconds) && seconds > 0, stage + " is timed");
            Assert.Equal(uids.Max(), Checkpoint.Read(_baseDir)!.LastUid);
            Assert.Empty(Directory.GetFiles(Path.Combine(_baseDir, ".spool"), "*", SearchOption.AllDirectories));
        }

        /// <summary>With batches of 2, the next batch may be under way (fetched ahead) when the first fails: it goes too.</summary>
        [Theory]
        [InlineData("50")]
        [InlineData("2")]
        public async Task A_mail_that_cannot_be_stored_undoes_the_whole_batch_and_keeps_the_checkpoint(string batchMaxMails)
        {
            var uids = await AppendAsync(20, seed: 12);
            // A file where the day folder must go: storing the first mail fails while later ones are still being fetched.
            foreach (var day in new[] { -1, 0, 1 })
                File.WriteAllText(Path.Combine(_baseDir, StoreLayout.DayFolder(DateTimeOffset.Now.AddDays(day))), "in the way");

            await Assert.ThrowsAnyAsync<IOException>(() => CaptureAfterAsync(uids[0] - 1, (ConfigKeys.BatchMaxMails, batchMaxMails)));

            Assert.Empty(Directory.GetFiles(_baseDir, "fm_*.db"));
            Assert.Empty(Directory.GetFiles(_baseDir, "*.eml", SearchOption.AllDirectories)); // neither stored nor left in the spool
            Assert.Empty(Directory.GetFiles(Path.Combine(_baseDir, ".spool", "parts")));
            Assert.Empty(Directory.GetFiles(Path.Combine(_baseDir, ".spool"), "*.journal"));
            Assert.Null(Checkpoint.Read(_baseDir));
        }

        [Fact]
        public async Task Mails_sharing_a_Message_ID_are_stored_once_per_content_and_a_second_run_stores_nothing()
        {
            var messageId = "<" + Guid.NewGuid().ToString("N") + "@fund.example>";
            var first = SameMessageId(messageId, "첫 번째 본문");
            var second = SameMessageId(messageId, "두 번째 본문, 다른 내용");
            // The identical pair comes after a different mail of the same id: the order that failed with "UNIQUE constraint failed".
            var uids = await _fixture.Server.Mailbox.AppendAsync(new[] { first, second, (byte[])second.Clone() });

            var report = await CaptureAfterAsync(uids[0] - 1);

            Assert.Equal(2, report.MailsStored);
            Assert.Equal(1, report.MailsAlreadyStored);
            Assert.Equal(new[] { Sha256(first), Sha256(second) }, Column(report.DbPath!, "raw_sha256"));
            Assert.All(Column(report.DbPath!, "message_id"), id => Assert.Equal(messageId, id));
            Assert.Equal(uids.Max(), Checkpoint.Read(_baseDir)!.LastUid);

            var again = await CaptureAfterAsync(uids[0] - 1);

            Assert.Equal(0, again.MailsStored);
            Assert.Equal(3, again.MailsAlreadyStored);
            Assert.Null(again.DbPath);
            Assert.Empty(again.Warnings);
        }

        [Fact]
        public async Task Mails_that_cannot_be_parsed_are_stored_raw_flagged_and_reported()
        {
            var uids = await AppendAsync(6, seed: 13);
            // A file where the parser's scratch folder must go: every parse fails on file access, twice.
            Directory.CreateDirectory(Path.Combine(_baseDir, ".spool"));
            File.WriteAllText(Path.Combine(_baseDir, ".spool", "parts"), "in the way");

            var report = await CaptureAfterAsync(uids[0] - 1);

            Assert.Equal(6, report.MailsStored);
            Assert.Equal(uids, report.FlaggedMails.Select(f => f.Uid));
            Assert.All(report.FlaggedMails, f => Assert.StartsWith("not parsed: ", Assert.Single(f.Defects)));
            Assert.Equal(6, report.Warnings.Count(w => w.Contains("could not be parsed")));
            var stored = MailDbReader.Read(report.DbPath!).ToList();
            Assert.All(stored, mail => Assert.Contains("not parsed: ", Assert.Single(mail.Defects)));
            Assert.All(stored, mail => Assert.True(File.Exists(mail.RawPath), mail.RawPath));
            Assert.Equal(uids.Max(), Checkpoint.Read(_baseDir)!.LastUid);
            Assert.Empty(Checkpoint.Read(_baseDir)!.RetryUids);
        }

        [Fact]
        public async Task A_full_disk_while_parsing_fails_the_batch_and_the_mail_is_stored_whole_when_space_is_back()
        {
            var uids = await AppendAsync(5, seed: 21, everyAttachment: true);
            // The parser's scratch folder on a file system with no room for a 300 KB attachment.
            var parts = Path.Combine(_baseDir, ".spool", "parts");
            Directory.CreateDirectory(parts);
            Assert.Equal(0, Repository.Run("mount", "-t tmpfs -o size=64k fundmail-full \"" + parts + "\"", _baseDir, TimeSpan.FromSeconds(10)).ExitCode);
            try
            {
                await Assert.ThrowsAnyAsync<Exception>(() => CaptureAfterAsync(uids[0] - 1));
                Assert.Null(Checkpoint.Read(_baseDir));
                Assert.Empty(new Outbox(_baseDir).Pending());
            }
            finally
            {
                Repository.Run("umount", "\"" + parts + "\"", _baseDir, TimeSpan.FromSeconds(10));
            }

            var report = await CaptureAfterAsync(uids[0] - 1);

            Assert.Equal(5, report.MailsStored);
            Assert.Empty(report.FlaggedMails);
            Assert.All(MailDbReader.Read(report.DbPath!), mail => Assert.Single(mail.Attachments));
        }

        private static byte[] SameMessageId(string messageId, string body) => System.Text.Encoding.UTF8.GetBytes(
            "Message-ID: " + messageId + "\r\nFrom: =?UTF-8?B?7Y6A65Oc?= <fund@fund.example>\r\nTo: ops@fund.example\r\n" +
            "Subject: same id\r\nDate: Fri, 20 Nov 2026 09:00:00 +0900\r\nContent-Type: text/plain; charset=UTF-8\r\n" +
            "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n");

        private static string Sha256(byte[] bytes)
        {
            using var sha = System.Security.Cryptography.SHA256.Create();
            return string.Concat(sha.ComputeHash(bytes).Select(b => b.ToString("x2")));
        }

        private static List<string> Column(string dbPath, string column)
        {
            using var db = MailDb.OpenReadOnly(dbPath);
            using var command = db.CreateCommand();
            command.CommandText = "SELECT " + column + " FROM fund_mail ORDER BY rowid";
            using var reader = command.ExecuteReader();
            var values = new List<string>();
            while (reader.Read())
                values.Add(reader.GetString(0));
            return values;
        }

        [Fact]
        public async Task A_backlog_is_stored_in_batches_of_at_most_the_cap_each_with_what_it_fetched()
        {
            var uids = await AppendAsync(7, seed: 15);
            var report = await CaptureAfterAsync(uids[0] - 1, (ConfigKeys.BatchMaxMails, "3"));

            Assert.Equal(7, report.MailsStored);
            Assert.Equal(3, report.Batches);
            Assert.Equal(new[] { uids.Take(3), uids.Skip(3).Take(3), uids.Skip(6) }.Select(b => b.ToList()), PlannedPerBatch(report.UidValidity));
            Assert.Equal(uids.Max(), Checkpoint.Read(_baseDir)!.LastUid);
            Assert.Equal(7, Directory.GetFiles(_baseDir, "fm_*.db").Sum(db => MailDbReader.Read(db).Count()));
        }

        /// <summary>
        /// Batches that find nothing new (every mail stored before) leave no DB and no journal, and the batch after them,
        /// begun the moment they are done, still gets a DB name of its own (it once met the empty batch's journal there).
        /// </summary>
        [Fact]
        public async Task Batches_with_nothing_new_leave_nothing_and_the_next_batch_stores()
        {
            var uids = await AppendAsync(4, seed: 18);
            Assert.Equal(4, (await CaptureAfterAsync(uids[0] - 1, (ConfigKeys.BatchMaxMails, "2"))).MailsStored);
            var more = await AppendAsync(2, seed: 19);

            var report = await CaptureAfterAsync(uids[0] - 1, (ConfigKeys.BatchMaxMails, "2"));

            Assert.Equal(2, report.MailsStored);
            Assert.Equal(4, report.MailsAlreadyStored);
            Assert.Equal(1, report.Batches);
            Assert.Equal(3, Directory.GetFiles(_baseDir, "fm_*.db").Length);
            Assert.Equal(more.ToList(), MailDbReader.Read(report.DbPath!).Select(m => m.Uid).OrderBy(uid => uid).ToList());
            Assert.Empty(Directory.GetFiles(Path.Combine(_baseDir, ".spool"), "*", SearchOption.AllDirectories));
        }

        /// <summary>
        /// The first batch's "stored" line, written as it commits, waits until a message of the next batch is in the fetch
        /// spool: a capture that fetched each batch only after the one before was committed would time out there. The next
        /// batch still stores only after that commit: each DB holds exactly its own batch.
        /// </summary>
        [Fact]
        public async Task The_next_batch_is_fetched_while_the_one_before_commits_and_stored_after_it()
        {
            var uids = await AppendAsync(6, seed: 17);
            var log = new FirstCommitWaitsForNextFetch(Path.Combine(_baseDir, ".spool", "fetch"), TimeSpan.FromSeconds(30));
            var report = await CaptureAfterAsync(uids[0] - 1, log, (ConfigKeys.BatchMaxMails, "2"));

            Assert.True(log.NextBatchSpooledDuringCommit, "the next batch was not fetched while the first one committed");
            Assert.Equal(6, report.MailsStored);
            var batches = new[] { uids.Take(2), uids.Skip(2).Take(2), uids.Skip(4) }.Select(b => b.ToList()).ToList();
            Assert.Equal(batches, PlannedPerBatch(report.UidValidity));
            Assert.Equal(batches, new Outbox(_baseDir).Pending().Select(db => MailDbReader.Read(db).Select(m => m.Uid).OrderBy(uid => uid).ToList()));
            Assert.Equal(uids.Max(), Checkpoint.Read(_baseDir)!.LastUid);
            Assert.Empty(Directory.GetFiles(Path.Combine(_baseDir, ".spool"), "*", SearchOption.AllDirectories));
        }

        /// <summary>Holds the first "stored" line until a file shows up in the fetch spool, or until the timeout.</summary>
        private sealed class FirstCommitWaitsForNextFetch : ILog
        {
            private readonly string _spool;
            private readonly TimeSpan _timeout;
            private int _stored;

            public FirstCommitWaitsForNextFetch(string spool, TimeSpan timeout)
            {
                _spool = spool;
                _timeout = timeout;
            }

            public bool NextBatchSpooledDuringCommit { get; private set; }

            public void Write(LogLevel level, string message)
            {
                if (!message.StartsWith("stored ", StringComparison.Ordinal) || Interlocked.Increment(ref _stored) != 1)
                    return;
                // The first batch's own spool files are all placed by now: any file here is the next batch's.
                var clock = Stopwatch.StartNew();
                while (!NextBatchSpooledDuringCommit && clock.Elapsed < _timeout)
                {
                    NextBatchSpooledDuringCommit = Directory.GetFiles(_spool).Length > 0;
                    Thread.Sleep(10);
                }
            }
        }

        [Fact]
        public async Task After_the_first_batch_batches_are_sized_to_the_byte_cap()
        {
            // About 410 KB each: a 1 MB cap holds two.
            var uids = await AppendAsync(12, seed: 16, everyAttachment: true);
            var report = await CaptureAfterAsync(uids[0] - 1, (ConfigKeys.BatchMaxMails, "4"), (ConfigKeys.BatchMaxMb, "1"));

            Assert.Equal(12, report.MailsStored);
            Assert.Equal(new[] { 4, 2, 2, 2, 2 }, PlannedPerBatch(report.UidValidity).Select(b => b.Count));
        }

        /// <summary>The UIDs each DB's fetch planned, in the order the batches were stored.</summary>
        private List<List<uint>> PlannedPerBatch(uint uidValidity) =>
            new Outbox(_baseDir).Pending().Select(db => FetchedUids.Read(db, uidValidity).planned.OrderBy(uid => uid).ToList()).ToList();

        private async Task<IReadOnlyList<uint>> AppendAsync(int count, int seed, bool everyAttachment = false)
        {
            var mails = new List<byte[]>();
            for (var i = 0; i < count; i++)
            {
                using var buffer = new MemoryStream();
                SampleMail.Write(buffer, seed, i, everyAttachment || i % 5 == 4 ? new long[] { 300_000 } : Array.Empty<long>(), 3_000);
                mails.Add(buffer.ToArray());
            }
            return await _fixture.Server.Mailbox.AppendAsync(mails);
        }

        private Task<CycleReport> CaptureAfterAsync(uint lastUid, params (string key, string value)[] settings) =>
            CaptureAfterAsync(lastUid, NullLog.Instance, settings);

        private async Task<CycleReport> CaptureAfterAsync(uint lastUid, ILog log, params (string key, string value)[] settings)
        {
            using var client = await _support.ConnectAsync();
            var state = await client.ExamineAsync("INBOX", ImapTestSupport.Timeout);
            var values = new Dictionary<string, string> { [ConfigKeys.BaseDir] = _baseDir };
            foreach (var (key, value) in settings)
                values[key] = value;
            var store = StoreSettings.Read(ConfigSource.FromValues(values));
            using var ledger = Ledger.Open(_baseDir);
            var report = new CycleReport();
            var checkpoint = new Checkpoint { UidValidity = state.UidValidity, LastUid = lastUid };
            await MailCapture.RunAsync(client, state, checkpoint, store, ledger, new Outbox(_baseDir), report, log, DateTimeOffset.Now,
                ImapTestSupport.Timeout);
            return report;
        }
    }
}
