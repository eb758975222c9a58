using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace FundMail.TestServers.Entra
{
    /// <summary>
    /// The client-credentials grant of <c>POST /{tenant}/oauth2/v2.0/token</c>: checks tenant, client,
    /// credential and scope in Entra's manner and issues a signed v1.0 access token for Exchange Online.
    /// </summary>
    internal sealed class TokenRequestHandler
    {
        public const string Resource = "https://outlook.office365.com";
        private const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

        private readonly EntraOptions _options;
        private readonly TokenSigner _signer;
        private readonly Func<Uri> _authorityHost;

        /// <summary><paramref name="authorityHost"/> is asked per request: the port is known only once the server has bound it.</summary>
        public TokenRequestHandler(EntraOptions options, TokenSigner signer, Func<Uri> authorityHost)
        {
            _options = options;
            _signer = signer;
            _authorityHost = authorityHost;
        }

        /// <summary>HTTP status and JSON body of the answer.</summary>
        public (int Status, Dictionary<string, object> Body) Handle(string tenant, IFormCollection form, string? correlationId)
        {
            var outcome = Decide(tenant, form);
            return outcome.Error != null
                ? (outcome.Error.Status, outcome.Error.ToJson(correlationId))
                : (200, outcome.Token!);
        }

        private (EntraError? Error, Dictionary<string, object>? Token) Decide(string tenant, IFormCollection form)
        {
            var tenantApps = _options.Apps.Where(a => string.Equals(a.TenantId, tenant, StringComparison.OrdinalIgnoreCase)).ToList();
            if (tenantApps.Count == 0)
                return (EntraError.UnknownTenant(tenant), null);
            var grant = (string?)form["grant_type"];
            if (string.IsNullOrEmpty(grant))
                return (EntraError.MissingParameter("grant_type"), null);
            if (grant != "client_credentials")
                return (EntraError.UnsupportedGrant(grant), null);
            var clientId = (string?)form["client_id"];
            if (string.IsNullOrEmpty(clientId))
                return (EntraError.MissingParameter("client_id"), null);
            var app = tenantApps.FirstOrDefault(a => string.Equals(a.ClientId, clientId, StringComparison.OrdinalIgnoreCase));
            if (app == null)
                return (EntraError.UnknownClient(clientId, tenant), null);

            var credentialError = CheckCredential(app, tenant, form);
            if (credentialError != null)
                return (credentialError, null);

            var scope = ((string?)form["scope"] ?? "").Trim();
            var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (scopes.Any(s => !s.EndsWith("/.default", StringComparison.Ordinal)))
                return (EntraError.ScopeNotDefault(scope), null);
            if (scopes.Length != 1 || !string.Equals(scopes[0], Resource + "/.default", StringComparison.OrdinalIgnoreCase))
                return (EntraError.ScopeInvalid(scope), null);

            return (null, Issue(app, usedCertificate: form.ContainsKey("client_assertion")));
        }

        private EntraError? CheckCredential(EntraApp app, string tenant, IFormCollection form)
        {
            var secret = (string?)form["client_secret"];
            var assertion = (string?)form["client_assertion"];
            if (!string.IsNullOrEmpty(assertion))
            {
                if ((string?)form["client_assertion_type"] != AssertionType)
                    return EntraError.MissingParameter("client_assertion_type");
                return ClientAssertionValidator.Validate(assertion, app, TokenUrl(tenant));
            }
            if (string.IsNullOrEmpty(secret))
                return EntraError.MissingCredential();
            if (app.ClientSecret == null || !FixedTimeEquals(secret, app.ClientSecret))
                return EntraError.InvalidSecret(app.ClientId);
            return app.ClientSecretExpired ? EntraError.ExpiredSecret(app.ClientId) : null;
        }

        public string TokenUrl(string tenant) => new Uri(_authorityHost(), tenant + "/oauth2/v2.0/token").AbsoluteUri;

        private Dictionary<string, object> Issue(EntraApp app, bool usedCertificate)
        {
            var lifetime = app.TokenLifetimeSeconds;
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var issuedAt = app.IssueExpiredTokens ? now - lifetime - 60 : now;
            var issuer = "https://sts.windows.net/" + app.TenantId + "/";
            var claims = new Dictionary<string, object>
            {
                ["aud"] = Resource,
                ["iss"] = issuer,
                ["iat"] = issuedAt,
                ["nbf"] = issuedAt,
                ["exp"] = issuedAt + lifetime,
                ["appid"] = app.ClientId,
                ["appidacr"] = usedCertificate ? "2" : "1",
                ["idp"] = issuer,
                ["oid"] = app.ObjectId,
                ["roles"] = app.Roles.ToArray(),
                ["sub"] = app.ObjectId,
                ["tid"] = app.TenantId,
                ["ver"] = "1.0",
            };
            if (app.Mailbox != null)
                claims["email"] = app.Mailbox;
            return new Dictionary<string, object>
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = lifetime,
                ["ext_expires_in"] = lifetime,
                ["access_token"] = _signer.Sign(claims),
            };
        }

        private static bool FixedTimeEquals(string a, string b) =>
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
    }
}
