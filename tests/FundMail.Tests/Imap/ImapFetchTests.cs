using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FundMail.Imap;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Imap
{
    /// <summary>Full-message fetches against the real Dovecot: batching, read-only behaviour, missing UIDs, live EXISTS.</summary>
    public class ImapFetchTests : IClassFixture<DovecotFixture>, IDisposable
    {
        private readonly DovecotFixture _fixture;
        private readonly ImapTestSupport _support;
        private readonly ITestOutputHelper _output;
        private readonly string _spool = Directory.CreateTempSubdirectory("fundmail-spool-").FullName;

        public ImapFetchTests(DovecotFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
            _support = new ImapTestSupport(fixture);
        }

        [Fact]
        public async Task Thousand_messages_arrive_in_batches_of_one_uid_fetch_each_and_stay_unseen()
        {
            var markers = Enumerable.Range(0, 1000).Select(i => "bulk-" + i.ToString("0000")).ToList();
            var uids = await _fixture.Server.Mailbox.AppendAsync(markers.Select(m => TestMessages.Small(m)));
            using var client = await _support.ConnectAsync();
            await client.ExamineAsync("INBOX", ImapTestSupport.Timeout);
            var found = await client.SearchUidsAsync(UidSearch.After(uids[0] - 1), ImapTestSupport.Timeout);
            Assert.Equal(uids, found.Take(1000));

            var fetched = new Dictionary<uint, string>();
            var watch = Stopwatch.StartNew();
            foreach (var batch in uids.Chunk(250))
            {
                var result = await client.FetchAsync(batch, _spool, message =>
                {
                    fetched[message.Uid] = Subject(message.RawPath);
                    Assert.Equal(message.Rfc822Size, new FileInfo(message.RawPath).Length);
                    Assert.True(message.InternalDate > DateTimeOffset.UtcNow.AddHours(-1));
                    File.Delete(message.RawPath);
                    return Task.CompletedTask;
                }, ImapTestSupport.Timeout);
                Assert.Equal(250, result.Delivered);
                Assert.Empty(result.Missing);
                Assert.Equal(1, result.Commands);
            }
            _output.WriteLine("fetched 1,000 messages in " + watch.ElapsedMilliseconds + " ms");

            // Per batch: dates and sizes, then every body in one command.
            Assert.Equal(8, _support.Trace.Count(l => l.StartsWith("C: ") && l.Contains(" UID FETCH ")));
            Assert.Contains(_support.Trace, l => l.EndsWith(" UID FETCH " + uids[0] + ":" + uids[249] + " (BODY.PEEK[])"));
            Assert.Equal(markers, uids.Select(u => fetched[u]));
            // The trace shows each FETCH response as one line with the literal's size, never the message content.
            Assert.Contains(_support.Trace, l => l.StartsWith("S: * ") && l.Contains(" BODY[] {") && l.EndsWith(" octets>)"));
            Assert.DoesNotContain(_support.Trace, l => l.Contains("line 0 of"));
            var flags = await _fixture.Server.Mailbox.GetFlagsAsync();
            Assert.All(uids, uid => Assert.DoesNotContain("\\Seen", flags[uid]));
            Assert.Empty(Directory.GetFiles(_spool));
        }

        [Fact]
        public async Task Expunged_uid_is_reported_missing_and_the_rest_is_delivered()
        {
            var uids = await _fixture.Server.Mailbox.AppendAsync(Enumerable.Range(0, 5).Select(i => TestMessages.Small("gone-" + i)));
            await _fixture.Server.Mailbox.ExpungeAsync(uids[2]);
            using var client = await _support.ConnectAsync();
            await client.ExamineAsync("INBOX", ImapTestSupport.Timeout);
            var all = await client.SearchUidsAsync(UidSearch.All, ImapTestSupport.Timeout);
            Assert.Subset(new HashSet<uint>(all), new HashSet<uint>(uids.Where(u => u != uids[2])));
            Assert.DoesNotContain(uids[2], all);
            var delivered = new List<uint>();
            var result = await client.FetchAsync(uids, _spool, m => { delivered.Add(m.Uid); return Task.CompletedTask; }, ImapTestSupport.Timeout);
            Assert.Equal(new[] { uids[0], uids[1], uids[3], uids[4] }, delivered);
            Assert.Equal(new[] { uids[2] }, result.Missing);
        }

        [Fact]
        public async Task New_mail_during_a_session_raises_exists()
        {
            using var client = await _support.ConnectAsync();
            var state = await client.ExamineAsync("INBOX", ImapTestSupport.Timeout);
            Assert.Equal(state.Exists, client.Exists);
            await _fixture.Server.Mailbox.AppendAsync(new[] { TestMessages.Small("live-1"), TestMessages.Small("live-2") });
            await client.NoopAsync(ImapTestSupport.Timeout);
            Assert.Equal(state.Exists + 2, client.Exists);
        }

        [Fact]
        public async Task Search_since_and_recreated_folder_change_uidvalidity()
        {
            await _fixture.Server.Mailbox.CreateFolderAsync("받은편지함-보관");
            var uid = await _fixture.Server.Mailbox.AppendAsync(TestMessages.Small("korean-folder"), "받은편지함-보관");
            using var client = await _support.ConnectAsync();
            var before = await client.ExamineAsync("받은편지함-보관", ImapTestSupport.Timeout);
            Assert.Equal(new[] { uid }, await client.SearchUidsAsync(UidSearch.Since(DateTime.UtcNow.Date.AddDays(-1)), ImapTestSupport.Timeout));
            Assert.Empty(await client.SearchUidsAsync(UidSearch.After(uid), ImapTestSupport.Timeout));
            await client.LogoutAsync(ImapTestSupport.Timeout);

            await _fixture.Server.Mailbox.RecreateAsync("받은편지함-보관");
            using var again = await _support.ConnectAsync();
            var after = await again.ExamineAsync("받은편지함-보관", ImapTestSupport.Timeout);
            Assert.NotEqual(before.UidValidity, after.UidValidity);
            Assert.Equal(0u, after.Exists);
        }

        public void Dispose() => Directory.Delete(_spool, recursive: true);

        private static string Subject(string path) =>
            File.ReadLines(path, Encoding.UTF8).First(l => l.StartsWith("Subject: ")).Substring("Subject: ".Length);
    }
}
