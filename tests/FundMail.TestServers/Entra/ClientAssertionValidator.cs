using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace FundMail.TestServers.Entra
{
    /// <summary>
    /// Checks a certificate client assertion (RFC 7523) the way Entra does: the JWT must be signed by the
    /// registered certificate's key (PS256 with x5t#S256 as MSAL sends it, or RS256 with x5t), name the exact
    /// token URL as aud, the client id as iss and sub, and be inside its validity window.
    /// </summary>
    internal static class ClientAssertionValidator
    {
        /// <summary>Null when the assertion is good, else the error Entra would answer.</summary>
        public static EntraError? Validate(string assertion, EntraApp app, string tokenUrl)
        {
            var parts = assertion.Split('.');
            if (parts.Length != 3)
                return EntraError.BadAssertion("The client assertion is not a signed JWT.");
            JsonElement header, claims;
            byte[] signature;
            try
            {
                header = JsonDocument.Parse(Base64Url.Decode(parts[0])).RootElement;
                claims = JsonDocument.Parse(Base64Url.Decode(parts[1])).RootElement;
                signature = Base64Url.Decode(parts[2]);
            }
            catch (Exception e) when (e is FormatException || e is JsonException)
            {
                return EntraError.BadAssertion("The client assertion could not be decoded.");
            }

            var signatureError = CheckSignature(header, parts[0] + "." + parts[1], signature, app);
            if (signatureError != null)
                return signatureError;
            if (Text(claims, "aud") != tokenUrl)
                return EntraError.BadAssertion("The audience '" + Text(claims, "aud") + "' is not the token endpoint '" + tokenUrl + "'.");
            if (Text(claims, "iss") != app.ClientId || Text(claims, "sub") != app.ClientId)
                return EntraError.AssertionSubject(app.ClientId);
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var exp = Seconds(claims, "exp");
            var nbf = Seconds(claims, "nbf");
            if (exp == null || exp <= now || (nbf != null && nbf > now + 300))
                return EntraError.AssertionTime();
            return null;
        }

        private static EntraError? CheckSignature(JsonElement header, string signedPart, byte[] signature, EntraApp app)
        {
            var alg = Text(header, "alg");
            RSASignaturePadding padding;
            if (alg == "PS256")
                padding = RSASignaturePadding.Pss;
            else if (alg == "RS256")
                padding = RSASignaturePadding.Pkcs1;
            else
                return EntraError.BadAssertion("The signing algorithm '" + alg + "' is not supported.");

            var sha256 = Text(header, "x5t#S256");
            var sha1 = Text(header, "x5t");
            var sent = sha256 ?? sha1;
            if (sent == null)
                return EntraError.BadAssertion("The client assertion names no certificate (x5t#S256 or x5t).");
            var cert = app.Certificate;
            var expected = cert == null ? null : Base64Url.Encode(sha256 != null ? SHA256.HashData(cert.RawData) : SHA1.HashData(cert.RawData));
            if (cert == null || sent != expected)
                return EntraError.CertificateNotRegistered(app.ClientId, Hex(sent));

            using var key = cert.GetRSAPublicKey();
            if (key == null || !key.VerifyData(Encoding.ASCII.GetBytes(signedPart), signature, HashAlgorithmName.SHA256, padding))
                return EntraError.BadAssertion("The provided signature value did not match the expected signature value.");
            return null;
        }

        private static string? Text(JsonElement obj, string name) =>
            obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        /// <summary>A NumericDate, also when sent as a JSON string (as MSAL.NET does).</summary>
        private static long? Seconds(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var v))
                return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n))
                return n;
            if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n))
                return n;
            return null;
        }

        private static string Hex(string base64Url)
        {
            try { return Convert.ToHexString(Base64Url.Decode(base64Url)); }
            catch (FormatException) { return base64Url; }
        }
    }
}
