using System;
using System.Net.Http;
using FundMail.Net;
using Microsoft.Identity.Client;

namespace FundMail.Auth
{
    /// <summary>
    /// The one HttpClient MSAL uses: server certificates checked by <see cref="TlsTrust"/> (so a private CA
    /// can be trusted without touching the machine store) and a short timeout instead of HttpClient's 100 s.
    /// Remembers why the last certificate was refused, since HttpClient only reports a bare TLS failure.
    /// </summary>
    internal sealed class TrustingHttpClientFactory : IMsalHttpClientFactory, IDisposable
    {
        private readonly HttpClient _client;
        private volatile string? _lastTlsRefusal;

        public TrustingHttpClientFactory(TlsTrust trust, TimeSpan timeout)
        {
            var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) =>
                {
                    if (trust.Validate(certificate, chain, errors))
                        return true;
                    _lastTlsRefusal = trust.Explain(errors, request.RequestUri?.Host ?? "?");
                    return false;
                },
            };
            _client = new HttpClient(handler) { Timeout = timeout };
        }

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
