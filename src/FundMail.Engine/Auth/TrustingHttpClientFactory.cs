using System;
using System.Net.Http;
using FundMail.Net;
using Microsoft.Identity.Client;

namespace FundMail.Auth
{
    /// <summary>
    /// The one HttpClient MSAL uses: server certificates checked by <see cref="TlsTrust"/> (so a private CA
    /// can be trusted without touching the machine store) and a short timeout instead of HttpClient's 100 s.
    /// Remembers why the last certificate was refused, since HttpClient only reports a bare TLS failure. Asks for TLS 1.2+
    /// itself (<see cref="TlsProtocols"/>), so Windows PowerShell 5.1's old defaults cannot offer the sign-in endpoint TLS 1.0.
    /// </summary>
    internal sealed class TrustingHttpClientFactory : IMsalHttpClientFactory, IDisposable
    {
        private readonly HttpClient _client;
        private volatile string? _lastTlsRefusal;

        public TrustingHttpClientFactory(TlsTrust trust, TimeSpan timeout)
        {
            var handler = new HttpClientHandler
            {
                SslProtocols = TlsProtocols.Modern,
                ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) =>
                {
                    if (trust.Validate(certificate, chain, errors))
                        return true;
                    _lastTlsRefusal = trust.Explain(errors, request.RequestUri?.Host ?? "?");
                    return false;
                },
            };
            SslProtocols = handler.SslProtocols;
            _client = new HttpClient(handler) { Timeout = timeout };
        }

        /// <summary>The TLS versions the handler offers.</summary>
        internal System.Security.Authentication.SslProtocols SslProtocols { get; }

        public HttpClient GetHttpClient() => _client;

        /// <summary>Why the most recent certificate was refused, or null; cleared by each call.</summary>
        public string? TakeTlsRefusal()
        {
            var reason = _lastTlsRefusal;
            _lastTlsRefusal = null;
            return reason;
        }

        public void Dispose() => _client.Dispose();
    }
}
