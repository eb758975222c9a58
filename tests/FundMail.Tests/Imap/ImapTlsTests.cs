using System;
using System.IO;
using System.Threading.Tasks;
using FundMail.Imap;
using FundMail.Net;
using FundMail.TestServers.Dovecot;
using FundMail.TestServers.Pki;
using Xunit;

namespace FundMail.Tests.Imap
{
    /// <summary>A Dovecot whose certificate names another host, next to the regular one.</summary>
    public sealed class MisnamedCertificateFixture : IDisposable
    {
        public MisnamedCertificateFixture()
        {
            Pki = TestPki.Create();
            CaFile = Path.Combine(Path.GetTempPath(), "fundmail-ca-" + Guid.NewGuid().ToString("N") + ".pem");
            Pki.WriteCaPem(CaFile);
            Server = DovecotServer.Start(new DovecotOptions { ServerCertificate = Pki.IssueServer("mail.elsewhere.test") });
        }

        public TestPki Pki { get; }
        public string CaFile { get; }
        public DovecotServer Server { get; }

        public void Dispose()
        {
            Server.Dispose();
            Pki.Dispose();
            File.Delete(CaFile);
        }
    }

    /// <summary>Certificate validation is never relaxed: unknown CAs and wrong host names are refused with a clear reason.</summary>
    public class ImapTlsTests : IClassFixture<DovecotFixture>, IClassFixture<MisnamedCertificateFixture>
    {
        private readonly DovecotFixture _fixture;
        private readonly MisnamedCertificateFixture _misnamed;
        private readonly ImapTestSupport _support;

        public ImapTlsTests(DovecotFixture fixture, MisnamedCertificateFixture misnamed)
        {
            _fixture = fixture;
            _misnamed = misnamed;
            _support = new ImapTestSupport(fixture);
        }

        [Theory]
        [InlineData(ImapSecurity.ImplicitTls)]
        [InlineData(ImapSecurity.StartTls)]
        public async Task Certificate_from_an_unconfigured_ca_is_refused(ImapSecurity security)
        {
            using var client = new MailKitMailboxClient(_support.Options(security, trust: TlsTrust.System));
            var error = await Assert.ThrowsAsync<ImapTlsException>(() => client.ConnectAsync(ImapTestSupport.Timeout));
            Assert.Contains("not trusted", error.Message);
            Assert.DoesNotContain(_support.Trace, l => l.StartsWith("C: ") && l.Contains(" LOGIN "));
        }

        [Fact]
        public async Task Certificate_from_another_private_ca_is_refused()
        {
            using var otherPki = TestPki.Create("Some Other CA");
            var otherCa = Path.Combine(Path.GetTempPath(), "fundmail-other-ca-" + Guid.NewGuid().ToString("N") + ".pem");
            otherPki.WriteCaPem(otherCa);
            try
            {
                using var client = new MailKitMailboxClient(_support.Options(trust: TlsTrust.WithExtraCa(otherCa)));
                var error = await Assert.ThrowsAsync<ImapTlsException>(() => client.ConnectAsync(ImapTestSupport.Timeout));
                Assert.Contains("Some Other CA", error.Message);
            }
            finally
            {
                File.Delete(otherCa);
            }
        }

        [Fact]
        public async Task Configured_ca_is_trusted()
        {
            using var client = new MailKitMailboxClient(_support.Options(trust: TlsTrust.WithExtraCa(_fixture.CaFile)));
            await client.ConnectAsync(ImapTestSupport.Timeout);
            Assert.Contains(_support.Trace, line => line.StartsWith("S: ") && line.Contains("AUTH=XOAUTH2"));
        }

        [Fact]
        public async Task Certificate_for_another_host_name_is_refused_even_from_a_trusted_ca()
        {
            var options = new ImapConnectOptions(_misnamed.Server.Host)
            {
                Port = _misnamed.Server.ImapsPort,
                Trust = TlsTrust.WithExtraCa(_misnamed.CaFile),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            };
            using var client = new MailKitMailboxClient(options);
            var error = await Assert.ThrowsAsync<ImapTlsException>(() => client.ConnectAsync(ImapTestSupport.Timeout));
            Assert.Contains("hostname mismatch", error.Message);
        }
    }
}
