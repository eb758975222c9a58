using System;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using FundMail.Net;
using FundMail.TestServers;
using FundMail.TestServers.Dovecot;
using FundMail.TestServers.Pki;
using Xunit;

namespace FundMail.Tests.Servers
{
    /// <summary>A Dovecot handed a port another process listens on must neither look ready on it nor start silently.</summary>
    public sealed class DovecotPortTests : IDisposable
    {
        private readonly TestPki _pki = TestPki.Create();
        private readonly string _caFile = Path.Combine(Path.GetTempPath(), "fundmail-ca-" + Guid.NewGuid().ToString("N") + ".pem");

        public DovecotPortTests()
        {
            _pki.WriteCaPem(_caFile);
        }

        public void Dispose()
        {
            _pki.Dispose();
            File.Delete(_caFile);
        }

        [Fact]
        public async Task Start_moves_off_a_port_another_process_listens_on()
        {
            using var foreign = new ForeignListener();
            using var server = DovecotServer.Start(Options(), new PortCandidates(foreign.Port));

            Assert.NotEqual(foreign.Port, server.ImapsPort);
            // A greeting over TLS with this test's CA: the client reached the Dovecot started here.
            Assert.StartsWith("* OK", await GreetingAsync(server));
        }

        [Fact]
        public void Restart_names_the_port_another_process_took_meanwhile()
        {
            using var server = DovecotServer.Start(Options());
            server.Stop();
            using var foreign = new ForeignListener(server.ImapsPort);

            var taken = Assert.Throws<PortTakenException>(server.Restart);

            Assert.Equal(new[] { server.ImapsPort }, taken.Ports);
            Assert.Contains("dovecot", taken.Message);
            Assert.Contains("127.0.0.1:" + server.ImapsPort, taken.Message);
            Assert.False(server.IsRunning);
        }

        private DovecotOptions Options() => new DovecotOptions { ServerCertificate = _pki.IssueServer("127.0.0.1", "localhost") };

        private async Task<string> GreetingAsync(DovecotServer server)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(server.Host, server.ImapsPort);
            var trust = TlsTrust.WithExtraCa(_caFile);
            using var tls = new SslStream(tcp.GetStream(), false, (_, cert, chain, errors) => trust.Validate(cert, chain, errors));
            await tls.AuthenticateAsClientAsync(server.Host);
            using var reader = new StreamReader(tls, Encoding.ASCII);
            return await reader.ReadLineAsync() ?? "";
        }
    }
}
