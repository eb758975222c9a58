using System;
using System.Linq;
using System.Threading.Tasks;
using FundMail.Imap;
using Xunit;

namespace FundMail.Tests.Imap
{
    /// <summary>
    /// The idle check of a cycle (connect, log in, EXAMINE, search for new UIDs, LOGOUT) against the real Dovecot, counted
    /// in round trips: at a 30 ms link each one is 30 ms of every cycle, so adding one must fail here. At most 8 (issue 18).
    /// </summary>
    public class ImapRoundTripTests : IClassFixture<DovecotFixture>
    {
        private readonly DovecotFixture _fixture;
        private readonly ImapTestSupport _support;

        public ImapRoundTripTests(DovecotFixture fixture)
        {
            _fixture = fixture;
            _support = new ImapTestSupport(fixture);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Idle_check_takes_eight_round_trips_and_logout_adds_none(bool oauth)
        {
            var folder = await FolderWithMailAsync(3);
            var last = (await _fixture.Server.Mailbox.GetStatusAsync(folder)).UidNext - 1;
            var credentials = oauth ? _support.Token(_fixture.Tokens.Create(_fixture.Server.User, TimeSpan.FromMinutes(30))) : _support.Password();
            using var client = new MailKitMailboxClient(_support.Options());
            var loggedOut = LoggedOutSessions();

            await client.ConnectAsync(ImapTestSupport.Timeout);
            Assert.Equal(3, client.RoundTrips); // TCP handshake, one TLS 1.3 flight, the greeting (it carries the capabilities)
            await client.AuthenticateAsync(credentials, ImapTestSupport.Timeout);
            Assert.Equal(6, client.RoundTrips); // SASL-IR or LOGIN (capabilities come with the OK), then MailKit's NAMESPACE and LIST INBOX
            var query = UidSearch.After(last);
            var state = await client.ExamineAndSearchAsync(folder, query, ImapTestSupport.Timeout);
            // The folder's LIST (INBOX needs none: MailKit listed it at login) and EXAMINE; no search, since EXAMINE's
            // UIDNEXT says no UID above the last exists.
            Assert.Equal(8, client.RoundTrips);
            await client.LogoutWithoutWaitingAsync(ImapTestSupport.Timeout);
            Assert.Equal(8, client.RoundTrips);

            Assert.Empty(state.Found(query)!);
            Assert.Equal(last + 1, state.UidNext);
            Assert.Equal(3u, state.Exists);
            var trace = _support.Trace.ToList();
            Assert.DoesNotContain(trace, line => line.EndsWith(" CAPABILITY"));
            Assert.DoesNotContain(trace, line => line.StartsWith("C: ") && line.Contains(" SEARCH "));
            Assert.Contains(trace, line => line.StartsWith("C: ") && line.EndsWith(" LOGOUT"));
            Assert.DoesNotContain(trace, line => line.StartsWith("S: ") && line.Contains("BYE"));
            Assert.Contains(trace, line => line.Contains(" AUTHENTICATE XOAUTH2 ***") || line.Contains(" LOGIN "));
            // Not waiting for the answer must not cost the LOGOUT itself: the server ends the session as logged out.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (LoggedOutSessions() == loggedOut && clock.Elapsed < TimeSpan.FromSeconds(10))
                await Task.Delay(20);
            Assert.Equal(loggedOut + 1, LoggedOutSessions());
        }

        private int LoggedOutSessions() =>
            _fixture.Server.ReadLog().Split('\n').Count(line => line.Contains("Disconnected: Logged out"));

        [Fact]
        public async Task Search_with_examine_finds_the_new_uids_and_only_answers_its_own_query()
        {
            var folder = await FolderWithMailAsync(4);
            using var client = await _support.ConnectAsync();
            var before = client.RoundTrips;

            var query = UidSearch.After(1);
            var state = await client.ExamineAndSearchAsync(folder, query, ImapTestSupport.Timeout);

            Assert.Equal(before + 3, client.RoundTrips); // the folder's LIST, EXAMINE, UID SEARCH
            Assert.Equal(new uint[] { 2, 3, 4 }, state.Found(UidSearch.After(1)));
            Assert.Null(state.Found(UidSearch.After(2)));
            Assert.Null(state.Found(UidSearch.All));
            Assert.Equal(await client.SearchUidsAsync(query, ImapTestSupport.Timeout), state.Found(query));
        }

        [Fact]
        public async Task Missing_folder_with_a_search_fails_like_a_plain_examine_and_the_connection_stays_usable()
        {
            var folder = await FolderWithMailAsync(2);
            using var client = await _support.ConnectAsync();
            var plain = await Assert.ThrowsAsync<ImapCommandException>(() => client.ExamineAsync("Missing-Folder", ImapTestSupport.Timeout));
            var before = client.RoundTrips;

            var searched = await Assert.ThrowsAsync<ImapCommandException>(() =>
                client.ExamineAndSearchAsync("Missing-Folder", UidSearch.After(0), ImapTestSupport.Timeout));

            Assert.Equal("EXAMINE", searched.Command);
            Assert.Equal("NO", searched.Status);
            Assert.Equal(WithoutTimings(plain.Message), WithoutTimings(searched.Message));
            Assert.Contains("exist", searched.Message);
            Assert.Equal(before + 1, client.RoundTrips);
            // The refusal was read whole, so the next command finds the session in step.
            var state = await client.ExamineAndSearchAsync(folder, UidSearch.After(0), ImapTestSupport.Timeout);
            Assert.Equal(new uint[] { 1, 2 }, state.Found(UidSearch.After(0)));
        }

        /// <summary>Dovecot appends how long a slow command took, "(0.001 + 0.000 secs)", which differs call to call.</summary>
        private static string WithoutTimings(string message) =>
            System.Text.RegularExpressions.Regex.Replace(message, @"\s*\([\d.]+( \+ [\d.]+)* secs\)", "");

        private async Task<string> FolderWithMailAsync(int count)
        {
            var folder = "rt" + Guid.NewGuid().ToString("N").Substring(0, 8);
            await _fixture.Server.Mailbox.CreateFolderAsync(folder);
            await _fixture.Server.Mailbox.AppendAsync(Enumerable.Range(1, count).Select(i => TestMessages.Small("round trip " + i)), folder);
            return folder;
        }
    }
}
