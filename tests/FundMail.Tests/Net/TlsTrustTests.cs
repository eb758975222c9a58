using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using FundMail.Net;
using FundMail.TestServers.Pki;
using Xunit;

namespace FundMail.Tests.Net
{
    /// <summary>Real TLS handshakes on loopback against certificates from throwaway CAs.</summary>
    public sealed class TlsTrustTests : IDisposable
    {
        private readonly TestPki _ca = TestPki.Create("FundMail Trusted Test CA");
        private readonly TestPki _otherCa = TestPki.Create("Some Other CA");
        private readonly string _dir = Directory.CreateTempSubdirectory("fm-tls-").FullName;

        public void Dispose()
        {
            _ca.Dispose();
            _otherCa.Dispose();
            Directory.Delete(_dir, true);
        }

        private string CaFile(TestPki pki)
        {
            var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".pem");
            pki.WriteCaPem(path);
            return path;
        }

        private static async Task<(bool accepted, SslPolicyErrors errors)> Handshake(X509Certificate2 serverCert, TlsTrust trust, string host)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var server = Task.Run(async () =>
            {
                using var socket = await listener.AcceptTcpClientAsync();
                using var ssl = new SslStream(socket.GetStream());
                try
                {
                    await ssl.AuthenticateAsServerAsync(serverCert);
                }
                catch (Exception e) when (e is AuthenticationException || e is IOException)
                {
                }
            });
            var seen = SslPolicyErrors.None;
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            using var stream = new SslStream(client.GetStream(), false, (_, cert, chain, errors) =>
            {
                seen = errors;
                return trust.Validate(cert, chain, errors);
            });
            bool accepted;
            try
            {
                await stream.AuthenticateAsClientAsync(host);
                accepted = true;
            }
            catch (AuthenticationException)
            {
                accepted = false;
            }
            client.Close();
            await server;
            listener.Stop();
            return (accepted, seen);
        }

        [Fact]
        public async Task Private_ca_is_refused_by_default_and_accepted_once_configured()
        {
            using var cert = _ca.IssueServer("127.0.0.1", "localhost");
            var (accepted, errors) = await Handshake(cert, TlsTrust.System, "localhost");
            Assert.False(accepted);
            Assert.Contains("TRUSTED_CA_FILE", TlsTrust.System.Explain(errors, "localhost"));

            (accepted, _) = await Handshake(cert, TlsTrust.WithExtraCa(CaFile(_ca)), "localhost");
            Assert.True(accepted);
        }

        [Fact]
        public async Task Configuring_another_ca_does_not_admit_a_certificate_it_did_not_issue()
        {
            using var cert = _ca.IssueServer("localhost");
            var trust = TlsTrust.WithExtraCa(CaFile(_otherCa));
            var (accepted, errors) = await Handshake(cert, trust, "localhost");
            Assert.False(accepted);
            Assert.Contains("Some Other CA", trust.Explain(errors, "localhost"));
        }

        [Fact]
        public async Task Hostname_mismatch_is_refused_even_from_the_configured_ca()
        {
            using var cert = _ca.IssueServer("imap.elsewhere.example");
            var trust = TlsTrust.WithExtraCa(CaFile(_ca));
            var (accepted, errors) = await Handshake(cert, trust, "localhost");
            Assert.False(accepted);
            Assert.True(errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch));
            Assert.Contains("hostname mismatch", trust.Explain(errors, "localhost"));
        }

        [Fact]
        public async Task Warm_up_loads_the_machine_trust_once_and_handshakes_still_validate_after_it()
        {
            var first = TlsTrust.WarmUpAsync();
            Assert.Same(first, TlsTrust.WarmUpAsync());
            await first.WaitAsync(TimeSpan.FromSeconds(30));

            using var cert = _ca.IssueServer("localhost");
            Assert.False((await Handshake(cert, TlsTrust.System, "localhost")).accepted);
            Assert.True((await Handshake(cert, TlsTrust.WithExtraCa(CaFile(_ca)), "localhost")).accepted);
        }
    }
}
