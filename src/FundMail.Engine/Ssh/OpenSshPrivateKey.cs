using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using FundMail.Util;

namespace FundMail.Ssh
{
    /// <summary>
    /// Reads an OpenSSH private key file ("openssh-key-v1", PROTOCOL.key): ed25519, ecdsa (nistp256/384/521) or rsa, unencrypted
    /// or protected by a passphrase (bcrypt_pbkdf and AES-CTR or AES-CBC, what ssh-keygen writes).
    /// </summary>
    internal static class OpenSshPrivateKey
    {
        private const string Begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
        private const string End = "-----END OPENSSH PRIVATE KEY-----";
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("openssh-key-v1\0");

        /// <param name="text">The file's content, read by <see cref="PrivateKeyFile"/>.</param>
        /// <param name="passphrase">Needed only when the file is protected by one.</param>
        public static ClientKey FromText(string path, string text, Secret? passphrase)
        {
            var start = text.IndexOf(Begin, StringComparison.Ordinal);
            var end = text.IndexOf(End, StringComparison.Ordinal);
            if (start < 0 || end < start)
                throw new SshKeyFileException(path, "is neither an OpenSSH nor a PuTTY private key (expected '" + Begin + "'; convert a PEM key with: ssh-keygen -p -f <file>)");
            byte[] data;
            try
            {
                data = Convert.FromBase64String(text.Substring(start + Begin.Length, end - start - Begin.Length));
            }
            catch (FormatException)
            {
                throw new SshKeyFileException(path, "has a damaged base64 body");
            }
            try
            {
                return Parse(path, data, passphrase);
            }
            catch (SshProtocolException)
            {
                throw new SshKeyFileException(path, "is truncated or damaged");
            }
        }

        private static ClientKey Parse(string path, byte[] data, Secret? passphrase)
        {
            if (data.Length < Magic.Length || !data.Take(Magic.Length).SequenceEqual(Magic))
                throw new SshKeyFileException(path, "does not start with the openssh-key-v1 magic");
            var r = new SshReader(data, Magic.Length, data.Length - Magic.Length);
            var cipher = r.ReadText();
            var kdf = r.ReadText();
            var kdfOptions = r.ReadString();
            if (r.ReadUInt32() != 1) throw new SshKeyFileException(path, "holds more than one key");
            var publicBlob = r.ReadString();
            var encrypted = cipher != "none";
            var secret = new SshReader(encrypted ? Decrypt(path, cipher, kdf, kdfOptions, r.ReadString(), passphrase) : r.ReadString());
            // Random check bytes, written twice: after decryption they match only with the right passphrase.
            if (secret.ReadUInt32() != secret.ReadUInt32())
                throw new SshKeyFileException(path, encrypted ? "cannot be opened: the passphrase is wrong" : "has mismatched check bytes (damaged)");
            var type = secret.ReadText();
            switch (type)
            {
                case "ssh-ed25519":
                {
                    secret.ReadString();
                    var both = secret.ReadString();
                    if (both.Length != 64) throw new SshKeyFileException(path, "has an ed25519 private key of the wrong size");
                    return new Ed25519ClientKey(publicBlob, both.Take(32).ToArray());
                }
                case "ecdsa-sha2-nistp256":
                case "ecdsa-sha2-nistp384":
                case "ecdsa-sha2-nistp521":
                {
                    var curve = secret.ReadText();
                    var point = secret.ReadString();
                    return EcdsaClientKey.Create(publicBlob, curve, point, secret.ReadMpint())
                        ?? throw new SshKeyFileException(path, "has an unsupported ECDSA curve " + curve);
                }
                case "ssh-rsa":
                {
                    var n = secret.ReadMpint();
                    var e = secret.ReadMpint();
                    var d = secret.ReadMpint();
                    var iqmp = secret.ReadMpint();
                    var p = secret.ReadMpint();
                    var q = secret.ReadMpint();
                    return new RsaClientKey(publicBlob, n, e, d, iqmp, p, q);
                }
                default:
                    throw new SshKeyFileException(path, "holds a " + type + " key; supported are " + PrivateKeyFile.SupportedTypes);
            }
        }

        private static byte[] Decrypt(string path, string cipher, string kdf, byte[] kdfOptions, byte[] sealedKey, Secret? passphrase)
        {
            var keyBytes = cipher switch
            {
                "aes128-ctr" or "aes128-cbc" => 16,
                "aes192-ctr" or "aes192-cbc" => 24,
                "aes256-ctr" or "aes256-cbc" => 32,
                _ => throw new SshKeyFileException(path, "is encrypted with " + cipher + "; supported are aes128/192/256-ctr and -cbc " +
                    "(re-encrypt it with: ssh-keygen -p -f <file>)"),
            };
            if (kdf != "bcrypt") throw new SshKeyFileException(path, "uses the key derivation '" + kdf + "'; supported is bcrypt");
            if (passphrase == null || passphrase.IsEmpty)
                throw new SshKeyFileException(path, PrivateKeyFile.NoPassphrase);
            if (sealedKey.Length % 16 != 0) throw new SshKeyFileException(path, "is truncated or damaged");
            var options = new SshReader(kdfOptions);
            var salt = options.ReadString();
            var rounds = options.ReadUInt32();
            if (rounds < 1 || rounds > 1_000) throw new SshKeyFileException(path, "asks for " + rounds + " bcrypt rounds; 1 to 1000 are accepted");
            var derived = BcryptPbkdf.Derive(Encoding.UTF8.GetBytes(passphrase.Reveal()), salt, (int)rounds, keyBytes + 16);
            using (var aes = Aes.Create())
            {
                aes.Key = derived.Take(keyBytes).ToArray();
                aes.Padding = PaddingMode.None;
                var iv = derived.Skip(keyBytes).ToArray();
                if (cipher.EndsWith("-cbc", StringComparison.Ordinal))
                {
                    aes.Mode = CipherMode.CBC;
                    aes.IV = iv;
                    using (var decryptor = aes.CreateDecryptor())
                        return decryptor.TransformFinalBlock(sealedKey, 0, sealedKey.Length);
                }
                // CTR: the keystream is the big-endian counter (starting at the IV) encrypted block by block.
                aes.Mode = CipherMode.ECB;
                var counters = new byte[sealedKey.Length];
                for (var block = 0; block < counters.Length; block += 16)
                {
                    Buffer.BlockCopy(iv, 0, counters, block, 16);
                    for (var i = 15; i >= 0 && ++iv[i] == 0; i--) { }
                }
                byte[] keystream;
                using (var encryptor = aes.CreateEncryptor())
                    keystream = encryptor.TransformFinalBlock(counters, 0, counters.Length);
                for (var i = 0; i < keystream.Length; i++) keystream[i] ^= sealedKey[i];
                return keystream;
            }
        }
    }
}
