using System;
using System.Text.RegularExpressions;
using FundMail.Auth;
using FundMail.Net;

namespace FundMail.Config
{
    /// <summary>Reads the Entra ID app registration used for the app-only (client credentials) token.</summary>
    internal static class AppCredentialsReader
    {
        public const string DefaultAuthorityHost = "https://login.microsoftonline.com";

        private static readonly Regex Guid = new Regex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");
        private static readonly Regex Domain = new Regex(@"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$");
        private static readonly Regex Thumbprint = new Regex("^[0-9a-fA-F]{40}$");

        public static AppCredentials Read(ConfigReader reader, TlsTrust trust)
        {
            var settings = new AppCredentials
            {
                TenantId = reader.Required(ConfigKeys.TenantId, "the Directory (tenant) ID GUID from the app registration's overview page"),
                ClientId = reader.Required(ConfigKeys.ClientId, "the Application (client) ID GUID from the app registration's overview page"),
                AuthorityHost = reader.HttpsUri(ConfigKeys.AuthorityHost, DefaultAuthorityHost),
                ClientSecret = reader.OptionalSecret(ConfigKeys.ClientSecret),
                CertificatePath = reader.ExistingFile(ConfigKeys.ClientCertPath, "PFX certificate"),
                CertificatePassword = reader.OptionalSecret(ConfigKeys.ClientCertPassword),
                CertificateThumbprint = CleanThumbprint(reader.Optional(ConfigKeys.ClientCertThumbprint)),
                TlsTrust = trust,
            };

            if (settings.TenantId.Length > 0 && !Guid.IsMatch(settings.TenantId) && !Domain.IsMatch(settings.TenantId))
                reader.Problem(ConfigKeys.TenantId, "must be a GUID or a verified domain such as contoso.onmicrosoft.com " + ConfigReader.NotShown(settings.TenantId));
            if (settings.ClientId.Length > 0 && !Guid.IsMatch(settings.ClientId))
                reader.Problem(ConfigKeys.ClientId, "must be a GUID such as 00000000-0000-0000-0000-000000000000 " + ConfigReader.NotShown(settings.ClientId));
            if (settings.CertificateThumbprint != null && !Thumbprint.IsMatch(settings.CertificateThumbprint))
                reader.Problem(ConfigKeys.ClientCertThumbprint, "must be the certificate's 40 hex digit SHA-1 thumbprint");

            var credentials = (settings.ClientSecret != null ? 1 : 0) + (settings.CertificatePath != null ? 1 : 0) + (settings.CertificateThumbprint != null ? 1 : 0);
            if (credentials == 0 && reader.Optional(ConfigKeys.ClientCertPath) == null)
                reader.Problem(ConfigKeys.ClientSecret, "is missing; set CLIENT_SECRET, or (recommended) CLIENT_CERTIFICATE_PATH or CLIENT_CERTIFICATE_THUMBPRINT for a certificate credential");
            if (credentials > 1)
                reader.Problem(ConfigKeys.ClientSecret, "set only one credential: CLIENT_SECRET, CLIENT_CERTIFICATE_PATH or CLIENT_CERTIFICATE_THUMBPRINT");
            return settings;
        }

        // Thumbprints copied from certmgr carry spaces and an invisible left-to-right mark.
        private static string? CleanThumbprint(string? text)
        {
            if (text == null)
                return null;
            var kept = new System.Text.StringBuilder(text.Length);
            foreach (var c in text)
                if (!char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
                    kept.Append(char.ToUpperInvariant(c));
            return kept.ToString();
        }
    }
}
