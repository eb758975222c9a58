using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FundMail.TestServers.Entra
{
    /// <summary>
    /// The endpoint's RS256 signing key: signs access tokens and publishes the public half
    /// as PEM, as a JWK, and in the key layout Dovecot's oauth2 passdb reads for local validation.
    /// </summary>
    public sealed class TokenSigner : IDisposable
    {
        private readonly RSA _key = RSA.Create(2048);

        public TokenSigner()
        {
            // Entra's kids are base64url thumbprints; a hash of the public key gives the same shape.
            Kid = Base64Url.Encode(SHA1.HashData(_key.ExportSubjectPublicKeyInfo()));
        }

        public string Kid { get; }

        public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

        public string Sign(IReadOnlyDictionary<string, object> claims)
        {
            var header = new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "RS256", ["kid"] = Kid };
            var input = Part(header) + "." + Part(claims);
            var signature = _key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return input + "." + Base64Url.Encode(signature);
        }

        public Dictionary<string, object> Jwk()
        {
            var p = _key.ExportParameters(false);
            return new Dictionary<string, object>
            {
                ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = Kid,
                ["n"] = Base64Url.Encode(p.Modulus!), ["e"] = Base64Url.Encode(p.Exponent!),
            };
        }

        /// <summary>
        /// Writes <c>dir/keys/default/RS256/&lt;kid&gt;</c> (Entra v1 tokens have no azp, so Dovecot looks under "default").
        /// Dovecot's auth process runs as user dovecot: the public key and its folders are made world-readable.
        /// </summary>
        public string WriteDovecotKeys(string dir)
        {
            var folder = Path.Combine(dir, "keys", "default", "RS256");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, Kid);
            File.WriteAllText(path, PublicKeyPem + "\n");
            if (!OperatingSystem.IsWindows())
            {
                const UnixFileMode dirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                             UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                                             UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
                for (var d = folder; d.Length > dir.TrimEnd('/').Length; d = Path.GetDirectoryName(d)!)
                    File.SetUnixFileMode(d, dirMode);
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
            return path;
        }

        private static string Part(object value) => Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(value));

        public void Dispose() => _key.Dispose();
    }
}
