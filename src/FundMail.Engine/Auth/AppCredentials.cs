using System;
using System.Collections.Generic;
using FundMail.Net;
using FundMail.Util;

namespace FundMail.Auth
{
    /// <summary>
    /// The Entra app registration FundMail signs in as (app-only): tenant, client id and one credential,
    /// either a client secret or a certificate (PFX file with password, or a thumbprint in the Windows store).
    /// </summary>
    public sealed class AppCredentials
    {
        public static readonly Uri PublicCloud = new Uri("https://login.microsoftonline.com");

        public string TenantId { get; init; } = "";
        public string ClientId { get; init; } = "";
        public Secret? ClientSecret { get; init; }

        /// <summary>PKCS#12 file holding the client certificate and its private key.</summary>
        public string? CertificatePath { get; init; }
        public Secret? CertificatePassword { get; init; }

        /// <summary>Thumbprint of a certificate in the CurrentUser or LocalMachine "My" store.</summary>
        public string? CertificateThumbprint { get; init; }

        public Uri AuthorityHost { get; init; } = PublicCloud;
        public TlsTrust TlsTrust { get; init; } = TlsTrust.System;

        /// <summary>What is missing or contradictory, in the configuration's own key names; empty when usable.</summary>
        public IReadOnlyList<string> Problems()
        {
            var problems = new List<string>();
            if (string.IsNullOrWhiteSpace(TenantId))
                problems.Add("TENANT_ID is empty (the directory (tenant) ID of the app registration)");
            if (string.IsNullOrWhiteSpace(ClientId))
                problems.Add("CLIENT_ID is empty (the application (client) ID of the app registration)");
            var credentials = (ClientSecret != null && !ClientSecret.IsEmpty ? 1 : 0) +
                              (!string.IsNullOrWhiteSpace(CertificatePath) ? 1 : 0) +
                              (!string.IsNullOrWhiteSpace(CertificateThumbprint) ? 1 : 0);
            if (credentials == 0)
                problems.Add("no credential: set CLIENT_SECRET, CLIENT_CERTIFICATE_PATH or CLIENT_CERTIFICATE_THUMBPRINT");
            else if (credentials > 1)
                problems.Add("more than one credential: set only one of CLIENT_SECRET, CLIENT_CERTIFICATE_PATH, CLIENT_CERTIFICATE_THUMBPRINT");
            if (!AuthorityHost.IsAbsoluteUri || AuthorityHost.Scheme != Uri.UriSchemeHttps)
                problems.Add("AUTHORITY_HOST must be an https:// address");
            return problems;
        }
    }
}
