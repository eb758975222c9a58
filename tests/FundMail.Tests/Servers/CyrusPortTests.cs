using System;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using FundMail.Net;
using FundMail.TestServers;
using FundMail.TestServers.Cyrus;
using FundMail.TestServers.Pki;
using Xunit;

namespace FundMail.Tests.Servers
{
    /// <summary>The Cyrus harness moves off a taken port, answers over TLS with the test CA, and ends only its own processes.</summary>
    public sealed class CyrusPortTests : IDisposable
    {
        private readonly TestPki _pki = TestPki.Create();
        private readonly string _caFile = Path.Combine(Path.GetTempPath(), "fundmail-ca-" + Guid.NewGuid().ToString("N") + ".pem");

        public CyrusPortTests()
        {
            _pki.WriteCaPem(_caFile);
        }

        public void Dispose()
        {
            _pki.Dispose();
            File.Delete(_caFile);
        }

        [Fact]
        public async Task Start_moves_off_a_taken_port_and_dispose_ends_every_cyrus_process()
        {
            using var foreign = new ForeignListener();
            var server = CyrusServer.Start(Options(), new PortCandidates(foreign.Port));
            try
            {
                Assert.NotEqual(foreign.Port, server.ImapsPort);
                Assert.Contains("Cyrus IMAP", await GreetingAsync(server));
            }
            finally
            {
                server.Dispose();
            }
            Assert.DoesNotContain(CommandLines(), cmd => cmd.Contains(server.ConfigFile));
        }

        [Fact]
        public async Task Stopping_one_cyrus_leaves_another_running()
        {
            // Cyrus's master signals its whole process group on SIGTERM; each test server runs in a session of its own.
            using var other = CyrusServer.Start(Options());
            CyrusServer.Start(Options()).Dispose();
            Assert.Contains("Cyrus IMAP", await GreetingAsync(other));
        }

        private CyrusOptions Options() => new CyrusOptions { ServerCertificate = _pki.IssueServer("127.0.0.1", "localhost") };

        /// <summary>Command lines of all processes; Cyrus's master and imapd name their config file in theirs.</summary>
        private static string[] CommandLines() =>
            Directory.EnumerateDirectories("/proc")
                .Select(dir => Path.Combine(dir, "cmdline"))
                .Select(file =>
                {
                    try { return File.ReadAllText(file).Replace('\0', ' '); }
                    catch (IOException) { return ""; }
                    catch (UnauthorizedAccessException) { return ""; }
                })
                .ToArray();

        private async Task<string> GreetingAsync(CyrusServer server)
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
