using System.Linq;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.Tests.Sftp;
using FundMail.TestServers;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Servers
{
    /// <summary>An sshd handed a port another process listens on must neither look ready on it nor start silently.</summary>
    public sealed class SshdPortTests
    {
        [Fact]
        public async Task Start_moves_off_a_port_another_process_listens_on()
        {
            using var foreign = new ForeignListener();
            await using var server = await SshdServer.StartAsync(null, new PortCandidates(foreign.Port));

            Assert.NotEqual(foreign.Port, server.Port);
            // The pinned host key proves the client reached the sshd started here.
            var ct = SftpTestFiles.Timeout();
            using var session = await SftpClient.ConnectAsync(SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519")), ct);
            Assert.Equal(server.UploadRoot, await session.RealPathAsync(".", ct));
        }

        [Fact]
        public async Task Start_gives_up_after_five_taken_ports_and_names_them()
        {
            var foreign = Enumerable.Range(0, PortCandidates.Attempts).Select(_ => new ForeignListener()).ToList();
            try
            {
                var ports = foreign.Select(f => f.Port).ToArray();

                var taken = await Assert.ThrowsAsync<PortTakenException>(() => SshdServer.StartAsync(null, new PortCandidates(ports)));

                Assert.Equal(ports, taken.Ports);
                Assert.StartsWith("sshd ", taken.Message);
                Assert.All(ports, port => Assert.Contains("127.0.0.1:" + port, taken.Message));
            }
            finally
            {
                foreign.ForEach(f => f.Dispose());
            }
        }

        [Fact]
        public async Task Restart_names_the_port_another_process_took_meanwhile()
        {
            await using var server = await SshdServer.StartAsync();
            server.Kill();
            using var foreign = new ForeignListener(server.Port);

            var taken = await Assert.ThrowsAsync<PortTakenException>(server.RestartAsync);

            Assert.Equal(new[] { server.Port }, taken.Ports);
            Assert.Contains("sshd", taken.Message);
            Assert.Contains("127.0.0.1:" + server.Port, taken.Message);
        }
    }
}
