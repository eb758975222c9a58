using System;
using System.Text;
using System.Text.Json;

namespace FundMail.Imap
{
    /// <summary>
    /// Explains why a refused OAuth token may have been refused, from its own (unverified) claims: expiry, audience,
    /// or a mailbox claim naming someone else. Only non-secret claim values are quoted; the token itself never is.
    /// </summary>
    internal static class TokenHints
    {
        public const string ExchangeAudience = "https://outlook.office365.com";

        public static string Describe(string token, string user, DateTimeOffset now)
        {
            var parts = token.Split('.');
            if (parts.Length != 3)
                return "the token is not a JWT";
            try
            {
                using var claims = JsonDocument.Parse(Base64UrlDecode(parts[1]));
                var root = claims.RootElement;
                if (root.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var expSeconds) && DateTimeOffset.FromUnixTimeSeconds(expSeconds) <= now)
                    return "the token expired at " + DateTimeOffset.FromUnixTimeSeconds(expSeconds).UtcDateTime.ToString("u") + " (check the clock and request a fresh token)";
                if (root.TryGetProperty("aud", out var aud) && aud.ValueKind == JsonValueKind.String
                    && !aud.GetString()!.TrimEnd('/').StartsWith(ExchangeAudience, StringComparison.OrdinalIgnoreCase))
                    return "the token's audience is '" + aud.GetString() + "', not " + ExchangeAudience + " (use scope " + ExchangeAudience + "/.default)";
                foreach (var claim in new[] { "email", "upn", "preferred_username", "unique_name" })
                    if (root.TryGetProperty(claim, out var named) && named.ValueKind == JsonValueKind.String
                        && !string.Equals(named.GetString(), user, StringComparison.OrdinalIgnoreCase))
                        return "the token is for '" + named.GetString() + "' but the login names mailbox '" + user + "'";
                return "the token is unexpired and names no other mailbox";
            }
            catch (Exception e) when (e is JsonException || e is FormatException)
            {
                return "the token's claims are unreadable";
            }
        }

        private static byte[] Base64UrlDecode(string text)
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
        }

        /// <summary>The server's XOAUTH2 error continuation (base64 JSON such as {"status":"401",...}), as readable text.</summary>
        public static string DecodeServerDetail(string base64)
        {
            try
            {
                var json = Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));
                using var doc = JsonDocument.Parse(json);
                return doc.RootElement.TryGetProperty("status", out var status) ? "server status " + status : json;
            }
            catch (Exception e) when (e is JsonException || e is FormatException)
            {
                return "undecodable server detail";
            }
        }
    }
}
