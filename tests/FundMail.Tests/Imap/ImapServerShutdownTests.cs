using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.Imap;
using Xunit;

namespace FundMail.Tests.Imap
{
    /// <summary>The server going away mid-fetch (BYE, closed socket) ends the call with a connection error, never a hang.</summary>
    public class ImapServerShutdownTests : IClassFixture<DovecotFixture>, IDisposable
    {
        private readonly DovecotFixture _fixture;
        private readonly ImapTestSupport _support;
        private readonly string _work = Directory.CreateTempSubdirectory("fundmail-bye-").FullName;

        public ImapServerShutdownTests(DovecotFixture fixture)
        {
            _fixture = fixture;
            _support = new ImapTestSupport(fixture);
        }

        [Fact]
        public async Task Server_stopping_mid_fetch_raises_a_connection_error_and_keeps_delivered_messages()
        {
            var source = TestMessages.LargeFile(_work, "chunky", 4L * 1024 * 1024);
            var uids = new List<uint>();
            for (var i = 0; i < 6; i++)
                uids.Add(await _fixture.Server.Mailbox.AppendFileAsync(source));
            var spool = Directory.CreateDirectory(Path.Combine(_work, "spool")).FullName;
            using var client = await _support.ConnectAsync();
            await client.ExamineAsync("INBOX", ImapTestSupport.Timeout);

            var delivered = new List<FetchedMessage>();
            var error = await Assert.ThrowsAsync<ImapConnectionException>(() => client.FetchAsync(uids, spool, message =>
            {
                delivered.Add(message);
                if (delivered.Count == 1)
                    _fixture.Server.Stop();
                return Task.CompletedTask;
            }, ImapTestSupport.Timeout));

            Assert.InRange(delivered.Count, 1, uids.Count - 1);
            Assert.All(delivered, m => Assert.Equal(new FileInfo(source).Length, new FileInfo(m.RawPath).Length));
            // Only handed-over messages remain; the partial one was removed.
            Assert.Equal(delivered.Count, Directory.GetFiles(spool).Length);
            var unusable = await Assert.ThrowsAsync<ImapConnectionException>(() => client.NoopAsync(ImapTestSupport.Timeout));
            Assert.Contains("no longer usable", unusable.Message);

            _fixture.Server.Restart();
            using var again = await _support.ConnectAsync();
            Assert.True((await again.ExamineAsync("INBOX", ImapTestSupport.Timeout)).Exists >= uids.Count);
        }

        [Fact]
        public async Task Server_shutdown_between_commands_is_a_connection_error_on_the_next_command()
        {
            using var client = await _support.ConnectAsync();
            await client.ExamineAsync("INBOX", ImapTestSupport.Timeout);
            _fixture.Server.Stop();
            try
            {
                var error = await Assert.ThrowsAsync<ImapConnectionException>(() => client.NoopAsync(ImapTestSupport.Timeout));
                // Dovecot's BYE races its TLS proxy process shutting down; either way the client must say the server ended it.
                Assert.Matches("Server shutting down|server closed the connection", error.Message);
            }
            finally
            {
                _fixture.Server.Restart();
            }
        }

        public void Dispose() => Directory.Delete(_work, recursive: true);
    }
}
