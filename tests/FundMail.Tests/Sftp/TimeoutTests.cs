using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.Ssh;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Sftp
{
    public sealed class TimeoutTests
    {
        [Fact]
        public async Task A_hung_server_ends_the_operation_after_the_operation_timeout_as_retryable()
        {
            await using var server = await SshdServer.StartAsync();
            var options = SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519"));
            options.OperationTimeout = TimeSpan.FromSeconds(2);
            using (var session = await SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()))
            {
                server.Freeze(true);
                try
                {
                    var clock = Stopwatch.StartNew();
                    var error = await Assert.ThrowsAsync<SshConnectionException>(() => session.TryStatAsync(".", SftpTestFiles.Timeout()));
                    Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 10);
                    Assert.Contains("no answer within 2 s", error.Message);
                    Assert.True(error.IsRetryable);
                }
                finally
                {
                    server.Freeze(false);
                }
            }
        }

        [Fact]
        public async Task A_server_that_never_speaks_ssh_fails_after_the_connect_timeout()
        {
            var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            try
            {
                var options = new SftpConnectOptions
                {
                    Host = "127.0.0.1", Port = ((IPEndPoint)silent.LocalEndpoint).Port, User = "u",
                    Password = new FundMail.Util.Secret("p"), HostKeyFingerprints = new[] { "SHA256:x" },
                    ConnectTimeout = TimeSpan.FromSeconds(1),
                };
                var clock = Stopwatch.StartNew();
                var error = await Assert.ThrowsAsync<SshConnectionException>(() => SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()));
                Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
                Assert.Contains("no SSH handshake", error.Message);
            }
            finally
            {
                silent.Stop();
            }
        }
    }
}
