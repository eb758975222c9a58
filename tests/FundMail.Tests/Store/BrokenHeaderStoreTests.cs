using System;
using System.IO;
using System.Linq;
using FundMail.Store;
using FundMail.Tests.Mime;
using Microsoft.Data.Sqlite;
using Xunit;

namespace FundMail.Tests.Store
{
    /// <summary>Mail with a broken header block reaches the fund_mail table with its sender, subject, date and Message-ID.</summary>
    public sealed class BrokenHeaderStoreTests : IDisposable
    {
        private static readonly DateTimeOffset RunTime = new DateTimeOffset(2026, 11, 21, 14, 5, 0, TimeSpan.FromHours(9));
        private readonly string _base = Directory.CreateTempSubdirectory("fm-broken-").FullName;
        private readonly TempParse _parse = new TempParse();

        public void Dispose()
        {
            _parse.Dispose();
            Directory.Delete(_base, true);
        }

        [Theory]
        [MemberData(nameof(BrokenHeaderBlockTests.Flaws), MemberType = typeof(BrokenHeaderBlockTests))]
        public void Fund_mail_row_has_the_envelope_of_a_broken_header_block(string flaw)
        {
            var mail = _parse.ParseBytes(BrokenHeaderBlockTests.Broken(flaw));
            mail.Uid = 1;
            mail.UidValidity = 7;
            mail.ReceivedTime = RunTime;
            string db;
            using (var batch = StoreBatch.Begin(new StoreLayout(_base), RunTime))
            {
                batch.Add(mail, RunTime);
                db = batch.Commit().DbPath;
                batch.Complete();
            }

            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, sender_name, sender_address, subject, sent_time, message_id, content FROM fund_mail";
            using var row = command.ExecuteReader();
            Assert.True(row.Read());
            Assert.Equal("<q3@fund.example>", row.GetString(0));
            Assert.Equal("Kim", row.GetString(1));
            Assert.Equal("kim@fund.example", row.GetString(2));
            Assert.Equal("Q3 report", row.GetString(3));
            Assert.Equal(new DateTimeOffset(2024, 10, 1, 9, 30, 0, TimeSpan.FromHours(9)), DateTimeOffset.Parse(row.GetString(4)));
            Assert.Equal("<q3@fund.example>", row.GetString(5));
            Assert.Equal("body\n", row.GetString(6));
            Assert.False(row.Read());
        }
    }
}
