using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FundMail.TestServers.Dovecot;

namespace FundMail.Tests.Imap
{
    /// <summary>Signs Entra-shaped app-only access tokens (RS256 JWT) that the test Dovecot validates locally.</summary>
    public sealed class TestTokenSigner : IDisposable
    {
        private readonly RSA _key = RSA.Create(2048);
        private readonly string _issuer;

        public TestTokenSigner(string issuer)
        {
            _issuer = issuer;
        }

        public string KeyId { get; } = "kid-" + Guid.NewGuid().ToString("N").Substring(0, 8);

        public RSA PublicKey => _key;

        /// <summary>A token for <paramref name="mailbox"/> (the harness's <c>email</c> claim), valid for <paramref name="lifetime"/> from now (negative = expired).</summary>
        public string Create(string mailbox, TimeSpan lifetime, string audience = DovecotOptions.Audience)
        {
            var now = DateTimeOffset.UtcNow;
            var expires = now + lifetime;
            var issued = lifetime < TimeSpan.Zero ? expires.AddHours(-1) : now.AddMinutes(-1);
            var header = new { alg = "RS256", typ = "JWT", kid = KeyId };
            var claims = new
            {
                aud = audience,
                iss = _issuer,
                iat = issued.ToUnixTimeSeconds(),
                nbf = issued.ToUnixTimeSeconds(),
                exp = expires.ToUnixTimeSeconds(),
                sub = "c0ffee00-0000-4000-8000-000000000001",
                appid = "c0ffee00-0000-4000-8000-0000000000aa",
                roles = new[] { "IMAP.AccessAsApp" },
                email = mailbox,
            };
            var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
            var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return signingInput + "." + Base64Url(signature);
        }

        public void Dispose() => _key.Dispose();

        private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
