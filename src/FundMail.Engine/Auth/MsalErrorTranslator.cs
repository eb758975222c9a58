using System;
using System.Net.Http;
using System.Text.RegularExpressions;
using Microsoft.Identity.Client;

namespace FundMail.Auth
{
    /// <summary>
    /// Turns what MSAL throws into a <see cref="TokenException"/> that names the setting to fix.
    /// Entra's own first sentence is kept after ours, since it sometimes adds detail (which app, which thumbprint).
    /// </summary>
    internal sealed class MsalErrorTranslator
    {
        private static readonly Regex Aadsts = new Regex(@"AADSTS(\d+)", RegexOptions.CultureInvariant);

        private readonly AppCredentials _credentials;
        private readonly TimeSpan _timeout;

        public MsalErrorTranslator(AppCredentials credentials, TimeSpan timeout)
        {
            _credentials = credentials;
            _timeout = timeout;
        }

        private string Host => _credentials.AuthorityHost.Host;

        public TokenException FromService(MsalServiceException e)
        {
            if (e.ErrorCode == "request_timeout")
                return Timeout(e);
            if (e is MsalThrottledServiceException)
                return new TokenException("the token endpoint " + Host + " asks FundMail to slow down (throttled); the next cycle tries again", Code(e), true, e);

            var code = Code(e);
            var fix = code switch
            {
                "AADSTS7000215" => "CLIENT_SECRET is wrong or expired: create a new client secret for the app registration " +
                                   "(Certificates & secrets) and put its Value (not its Secret ID) into CLIENT_SECRET",
                "AADSTS7000222" => "CLIENT_SECRET is wrong or expired: the secret has passed its expiry date; create a new one " +
                                   "for the app registration (Certificates & secrets) and put its Value into CLIENT_SECRET",
                "AADSTS700016" => "CLIENT_ID " + _credentials.ClientId + " was not found in tenant TENANT_ID " + _credentials.TenantId +
                                  ": check both values on the app registration's Overview page",
                "AADSTS90002" => "TENANT_ID " + _credentials.TenantId + " was not found: use the Directory (tenant) ID from the app registration's Overview page",
                "AADSTS700027" => "the client certificate is not registered on the app: upload its public part (.cer) to the app registration " +
                                  "(Certificates & secrets > Certificates), or point CLIENT_CERTIFICATE_PATH/THUMBPRINT at the registered one",
                "AADSTS700024" => "the client assertion is outside its valid time range: check this machine's clock and time zone",
                "AADSTS1002012" or "AADSTS70011" => "the token endpoint refused the scope https://outlook.office365.com/.default (invalid_scope)",
                _ when e.ErrorCode == "invalid_scope" => "the token endpoint refused the scope https://outlook.office365.com/.default (invalid_scope)",
                _ => null,
            };
            var transient = fix == null && ((int)e.StatusCode >= 500 || e.StatusCode == 429);
            var message = (fix ?? "the token endpoint " + Host + " refused the request (" + e.ErrorCode + ", HTTP " + e.StatusCode + ")") +
                          ServerSays(e.Message);
            return new TokenException(message, code, transient, e);
        }

        public TokenException FromClient(MsalClientException e) =>
            new TokenException("MSAL could not build the token request (" + e.ErrorCode + "): " + e.Message, null, false, e);

        public TokenException Unreachable(HttpRequestException e, string? tlsRefusal)
        {
            var why = tlsRefusal != null
                ? "TLS refused: " + tlsRefusal
                : Innermost(e).Message;
            return new TokenException("cannot reach the authority host " + _credentials.AuthorityHost.GetLeftPart(UriPartial.Authority) +
                                      ": " + why, null, tlsRefusal == null, e);
        }

        /// <summary>The certificate was found but its private key cannot sign (typically a store key this account may not read).</summary>
        public TokenException UnusableKey(Exception e) =>
            new TokenException("the client certificate's private key cannot be used to sign in (" + e.Message + "); for a certificate in " +
                               "LocalMachine\\My, give this account read access to its private key (certlm.msc > Manage Private Keys)", null, false, e);

        public TokenException Timeout(Exception e) =>
            new TokenException("no answer from the authority host " + Host + " within " + _timeout.TotalSeconds + " s", null, true, e);

        private static string? Code(MsalServiceException e)
        {
            var m = Aadsts.Match(e.Message);
            return m.Success ? m.Value : null;
        }

        /// <summary>Entra's own text up to Trace ID/Correlation ID (it never holds a secret), without MSAL's generic preamble.</summary>
        private static string ServerSays(string message)
        {
            var start = message.IndexOf("AADSTS", StringComparison.Ordinal);
            if (start > 0)
                message = message.Substring(start);
            var first = message.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            var text = first.Length == 0 ? "" : first[0].Trim();
            var trace = text.IndexOf(" Trace ID:", StringComparison.Ordinal);
            if (trace > 0)
                text = text.Substring(0, trace);
            return text.Length == 0 ? "" : " [" + text + "]";
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
                e = e.InnerException;
            return e;
        }
    }
}
