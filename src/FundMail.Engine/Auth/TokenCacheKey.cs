using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace FundMail.Auth
{
    /// <summary>
    /// What a cached token belongs to: authority host, tenant, client id, scope and the credential itself, hashed
    /// together (SHA-256, hex). A rotated secret, another certificate or a changed setting gives another key, so an
    /// old token is never reused for a new configuration. The credential enters only through the hash.
    /// </summary>
    internal static class TokenCacheKey
    {
        public static string For(AppCredentials credentials, string scope)
        {
            var text = new StringBuilder("fundmail-token-cache-v1\n")
                .Append(credentials.AuthorityHost.GetLeftPart(UriPartial.Authority).ToLowerInvariant()).Append('\n')
                .Append(credentials.TenantId.Trim().ToLowerInvariant()).Append('\n')
                .Append(credentials.ClientId.Trim().ToLowerInvariant()).Append('\n')
                .Append(scope).Append('\n')
                .Append(CredentialIdentity(credentials));
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            try
            {
                return Hex(Sha256(bytes));
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        /// <summary>The secret's value, the PFX file's content hash or the store thumbprint: whichever one is configured.</summary>
        private static string CredentialIdentity(AppCredentials credentials)
        {
            if (credentials.ClientSecret != null && !credentials.ClientSecret.IsEmpty)
                return "secret:" + credentials.ClientSecret.Reveal();
            if (!string.IsNullOrWhiteSpace(credentials.CertificatePath))
            {
                // Hashing the file is far cheaper than opening the PFX, and a replaced certificate file changes it.
                try
                {
                    return "pfx:" + Hex(Sha256(File.ReadAllBytes(credentials.CertificatePath)));
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // Unreadable now: no key can match, and MSAL reports the real problem when it loads the file.
                    return "pfx-unreadable:" + Guid.NewGuid();
                }
            }
            return "thumbprint:" + ClientCertificateLoader.Normalize(credentials.CertificateThumbprint ?? "");
        }

        private static byte[] Sha256(byte[] data)
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(data);
        }

        private static string Hex(byte[] bytes)
        {
            var hex = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
                hex.Append(b.ToString("x2"));
            return hex.ToString();
        }
    }
}
