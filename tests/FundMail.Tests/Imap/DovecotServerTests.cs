using System;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace FundMail.Tests.Imap
{
    /// <summary>The test harness itself: a real Dovecot that greets over TLS and stores what it is given.</summary>
    public class DovecotServerTests : IClassFixture<DovecotFixture>
    {
        private readonly DovecotFixture _fixture;

        public DovecotServerTests(DovecotFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public async Task Imaps_port_greets_over_tls_with_the_test_ca_certificate()
        {
            var greeting = await GreetingAsync();
            Assert.StartsWith("* OK", greeting);
            Assert.Contains("AUTH=XOAUTH2", greeting);
        }

        [Fact]
        public async Task Appended_messages_get_uids_and_can_be_expunged_and_recreated()
        {
            var server = _fixture.Server;
            var before = await server.Mailbox.GetStatusAsync();
            var uids = await server.Mailbox.AppendAsync(Enumerable.Range(0, 3).Select(i => Encoding.ASCII.GetBytes("Subject: m" + i + "\r\n\r\nbody\r\n")));
            Assert.Equal(new[] { before.UidNext, before.UidNext + 1, before.UidNext + 2 }, uids);
            var flags = await server.Mailbox.GetFlagsAsync();
            Assert.DoesNotContain("\\Seen", flags[uids[0]]);

            await server.Mailbox.ExpungeAsync(uids[1]);
            Assert.False((await server.Mailbox.GetFlagsAsync()).ContainsKey(uids[1]));

            var validity = await server.Mailbox.RecreateAsync();
            var after = await server.Mailbox.GetStatusAsync();
            Assert.NotEqual(before.UidValidity, validity);
            Assert.Equal(0, after.Messages);
        }

        [Fact]
        public async Task Restart_serves_again_on_the_same_ports()
        {
            _fixture.Server.Restart();
            Assert.StartsWith("* OK", await GreetingAsync());
        }

        private async Task<string> GreetingAsync()
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(_fixture.Server.Host, _fixture.Server.ImapsPort);
            var trust = FundMail.Net.TlsTrust.WithExtraCa(_fixture.CaFile);
            using var tls = new SslStream(tcp.GetStream(), false, (_, cert, chain, errors) => trust.Validate(cert, chain, errors));
            await tls.AuthenticateAsClientAsync(_fixture.Server.Host);
            using var reader = new StreamReader(tls, Encoding.ASCII);
            return await reader.ReadLineAsync() ?? "";
        }
    }
}
