using System;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Util;
using Microsoft.Identity.Client;

namespace FundMail.Auth
{
    /// <summary>
    /// App-only token for Exchange Online from MSAL (client credentials). One MSAL application lives as long as
    /// this provider (one per run), so its in-memory cache serves repeated calls and MSAL itself asks for a new
    /// token shortly before the cached one expires: callers simply ask again whenever they need a token.
    /// </summary>
    public sealed class MsalTokenProvider : ITokenProvider, IDisposable
    {
        /// <summary>A constant, so <see cref="CachedTokenProvider"/> can use it without loading this class (and MSAL with it).</summary>
        public const string ExchangeScope = "https://outlook.office365.com/.default";

        public static readonly string[] Scopes = { ExchangeScope };
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

        private readonly IConfidentialClientApplication _app;
        private readonly TrustingHttpClientFactory _http;
        private readonly X509Certificate2? _certificate;
        private readonly MsalErrorTranslator _errors;
        private readonly TimeSpan _timeout;

        /// <exception cref="TokenException">The credentials are incomplete or the certificate cannot be loaded.</exception>
        public MsalTokenProvider(AppCredentials credentials)
            : this(credentials, DefaultTimeout)
        {
        }

        /// <summary>A shorter timeout lets tests prove the timeout path without waiting 30 s.</summary>
        internal MsalTokenProvider(AppCredentials credentials, TimeSpan timeout)
        {
            var problems = credentials.Problems();
            if (problems.Count > 0)
                throw new TokenException("app credentials are not usable: " + string.Join("; ", problems), null, false);
            _timeout = timeout;
            _errors = new MsalErrorTranslator(credentials, timeout);
            _http = new TrustingHttpClientFactory(credentials.TlsTrust, timeout);

            var authority = AuthorityHosts.Authority(credentials.AuthorityHost, credentials.TenantId);
            var builder = ConfidentialClientApplicationBuilder.Create(credentials.ClientId.Trim())
                .WithHttpClientFactory(_http);
            builder = AuthorityHosts.IsMicrosoftCloud(credentials.AuthorityHost)
                ? builder.WithAuthority(authority)
                : builder.WithAuthority(authority, validateAuthority: false).WithInstanceDiscovery(false);

            if (credentials.ClientSecret != null && !credentials.ClientSecret.IsEmpty)
            {
                builder = builder.WithClientSecret(credentials.ClientSecret.Reveal());
            }
            else
            {
                _certificate = credentials.CertificatePath != null && credentials.CertificatePath.Trim().Length > 0
                    ? ClientCertificateLoader.FromFile(credentials.CertificatePath, credentials.CertificatePassword)
                    : ClientCertificateLoader.FromStore(credentials.CertificateThumbprint!);
                builder = builder.WithCertificate(_certificate);
            }
            _app = builder.Build();
        }

        public async Task<AccessToken> GetTokenAsync(CancellationToken cancellationToken)
        {
            // HttpClient's timeout covers one request; this deadline covers MSAL's own retry as well.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_timeout);
            _http.TakeTlsRefusal();
            try
            {
                var result = await _app.AcquireTokenForClient(Scopes).ExecuteAsync(deadline.Token).ConfigureAwait(false);
                return new AccessToken(new Secret(result.AccessToken), result.ExpiresOn);
            }
            catch (MsalServiceException e)
            {
                throw _errors.FromService(e);
            }
            catch (MsalClientException e)
            {
                throw _errors.FromClient(e);
            }
            catch (HttpRequestException e)
            {
                throw _errors.Unreachable(e, _http.TakeTlsRefusal());
            }
            catch (CryptographicException e)
            {
                throw _errors.UnusableKey(e);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw _errors.Timeout(e);
            }
        }

        public void Dispose()
        {
            _http.Dispose();
            _certificate?.Dispose();
        }
    }
}
