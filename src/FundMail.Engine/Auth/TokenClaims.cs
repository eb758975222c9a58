using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using FundMail.Util;

namespace FundMail.Auth
{
    /// <summary>
    /// The claims of an access token that tell whether it fits Exchange Online (aud, roles, tid, appid, exp).
    /// Read without validating the signature: this is for diagnostics, the mail server does the real check.
    /// </summary>
    public sealed class TokenClaims
    {
        private TokenClaims(string? audience, IReadOnlyList<string> roles, string? tenantId, string? appId, DateTimeOffset? expiresOn)
        {
            Audience = audience;
            Roles = roles;
            TenantId = tenantId;
            AppId = appId;
            ExpiresOn = expiresOn;
        }

        public string? Audience { get; }
        public IReadOnlyList<string> Roles { get; }
        public string? TenantId { get; }
        public string? AppId { get; }
        public DateTimeOffset? ExpiresOn { get; }

        /// <exception cref="TokenException">The token is not a JWT (the message never shows the token).</exception>
        public static TokenClaims Read(Secret token)
        {
            var parts = token.Reveal().Split('.');
            if (parts.Length != 3)
                throw NotJwt();
            try
            {
                using var doc = JsonDocument.Parse(DecodeBase64Url(parts[1]));
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw NotJwt();
                var exp = root.TryGetProperty("exp", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : (DateTimeOffset?)null;
                return new TokenClaims(ReadAudience(root), ReadRoles(root), Text(root, "tid"), Text(root, "appid") ?? Text(root, "azp"), exp);
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException)
            {
                throw NotJwt();
            }
        }

        // aud is a string in Entra tokens but may be an array in general JWTs (RFC 7519 section 4.1.3).
        private static string? ReadAudience(JsonElement root)
        {
            if (!root.TryGetProperty("aud", out var aud))
                return null;
            if (aud.ValueKind == JsonValueKind.Array)
            {
                var all = new List<string>();
                foreach (var a in aud.EnumerateArray())
                    all.Add(a.ToString());
                return string.Join(" ", all);
            }
            return aud.ValueKind == JsonValueKind.String ? aud.GetString() : null;
        }

        private static IReadOnlyList<string> ReadRoles(JsonElement root)
        {
            var roles = new List<string>();
            if (root.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array)
                foreach (var role in r.EnumerateArray())
                    if (role.ValueKind == JsonValueKind.String)
                        roles.Add(role.GetString()!);
            return roles;
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static byte[] DecodeBase64Url(string text)
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            s += new string('=', (4 - s.Length % 4) % 4);
            return Convert.FromBase64String(s);
        }

        private static TokenException NotJwt() =>
            new TokenException("the access token is not a JWT with a JSON payload, so its claims cannot be read", null, false);
    }
}
