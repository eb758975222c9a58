using System;
using System.Security.Authentication;
using FundMail.Auth;
using FundMail.Imap;
using FundMail.Net;
using Xunit;

namespace FundMail.Tests.Net
{
    /// <summary>
    /// TLS 1.2 and 1.3 are asked for by every TLS client of ours, not left to the runtime's defaults (which on Windows
    /// PowerShell 5.1 may be TLS 1.0 only). Linux's OpenSSL refuses old TLS whatever the client asks, so a handshake
    /// against an old-TLS server cannot tell here; the configured versions can.
    /// </summary>
    public class TlsProtocolsTests
    {
        private const SslProtocols Modern = SslProtocols.Tls12 | SslProtocols.Tls13;

        [Fact]
        public void The_imap_client_asks_for_tls_1_2_and_1_3()
        {
            using var client = new MailKitMailboxClient(new ImapConnectOptions("mail.example.test"));
            Assert.Equal(Modern, client.SslProtocols);
        }

        [Fact]
        public void The_token_endpoints_http_handler_asks_for_tls_1_2_and_1_3()
        {
            using var http = new TrustingHttpClientFactory(TlsTrust.System, TimeSpan.FromSeconds(10));
            Assert.Equal(Modern, http.SslProtocols);
        }
    }
}
