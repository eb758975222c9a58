using System;
using System.Collections.Generic;
using System.Globalization;

namespace FundMail.TestServers.Entra
{
    /// <summary>
    /// An error answer in the JSON shape of Entra's token endpoint: OAuth <c>error</c>, an
    /// <c>AADSTSnnn:</c> description ending in trace/correlation ids and timestamp, and the numeric codes.
    /// </summary>
    public sealed class EntraError
    {
        private EntraError(int status, string error, int code, string message)
        {
            Status = status;
            Error = error;
            Code = code;
            Message = message;
        }

        public int Status { get; }
        public string Error { get; }
        public int Code { get; }
        public string Message { get; }

        public static EntraError InvalidSecret(string clientId) => new EntraError(401, "invalid_client", 7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, " +
            "not the client secret ID, for a secret added to app '" + clientId + "'.");

        public static EntraError ExpiredSecret(string clientId) => new EntraError(401, "invalid_client", 7000222,
            "The provided client secret keys for app '" + clientId + "' are expired. Visit the Azure portal to create new keys for your app.");

        public static EntraError UnknownClient(string clientId, string tenant) => new EntraError(400, "unauthorized_client", 700016,
            "Application with identifier '" + clientId + "' was not found in the directory '" + tenant + "'. This can happen if the " +
            "application has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
            "You may have sent your authentication request to the wrong tenant.");

        public static EntraError UnknownTenant(string tenant) => new EntraError(400, "invalid_request", 90002,
            "Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");

        public static EntraError ScopeNotDefault(string scope) => new EntraError(400, "invalid_scope", 1002012,
            "The provided value for scope " + scope + " is not valid. Client credential flows must have a scope value with " +
            "/.default suffixed to the resource identifier (application ID URI).");

        public static EntraError ScopeInvalid(string scope) => new EntraError(400, "invalid_scope", 70011,
            "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' " +
            "is not valid. The scope " + scope + " is not valid.");

        public static EntraError CertificateNotRegistered(string clientId, string thumbprint) => new EntraError(401, "invalid_client", 700027,
            "The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was " +
            "not found., Thumbprint of key used by client: '" + thumbprint + "', Please visit the Azure Portal to see configured keys for app Id '" +
            clientId + "'.]");

        public static EntraError BadAssertion(string reason) => new EntraError(401, "invalid_client", 700027,
            "Client assertion failed signature validation. [Reason - " + reason + "]");

        public static EntraError AssertionTime() => new EntraError(401, "invalid_client", 700024,
            "Client assertion is not within its valid time range.");

        public static EntraError AssertionSubject(string clientId) => new EntraError(401, "invalid_client", 700021,
            "Client assertion application identifier doesn't match 'client_id' parameter '" + clientId + "'.");

        public static EntraError MissingParameter(string name) => new EntraError(400, "invalid_request", 900144,
            "The request body must contain the following parameter: '" + name + "'.");

        public static EntraError MissingCredential() => new EntraError(401, "invalid_client", 7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");

        public static EntraError UnsupportedGrant(string grant) => new EntraError(400, "unsupported_grant_type", 70003,
            "The app requested an unsupported grant type '" + grant + "'.");

        public Dictionary<string, object> ToJson(string? correlationId)
        {
            var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var trace = Guid.NewGuid().ToString();
            var correlation = correlationId ?? Guid.NewGuid().ToString();
            return new Dictionary<string, object>
            {
                ["error"] = Error,
                ["error_description"] = "AADSTS" + Code + ": " + Message + "\r\nTrace ID: " + trace +
                                        "\r\nCorrelation ID: " + correlation + "\r\nTimestamp: " + now,
                ["error_codes"] = new[] { Code },
                ["timestamp"] = now,
                ["trace_id"] = trace,
                ["correlation_id"] = correlation,
                ["error_uri"] = "https://login.microsoftonline.com/error?code=" + Code,
            };
        }
    }
}
