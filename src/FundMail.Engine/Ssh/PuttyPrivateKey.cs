using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using FundMail.Util;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace FundMail.Ssh
{
    /// <summary>
    /// Opens a PuTTY private key (.ppk): version 2 (SHA-1 key derivation, HMAC-SHA-1) or 3 (Argon2, HMAC-SHA-256),
    /// unencrypted or aes256-cbc. The MAC is checked before any key is built: a wrong passphrase or a changed file is an
    /// error, never a wrong key.
    /// </summary>
    internal static class PuttyPrivateKey
    {
        // What a damaged file could ask Argon2 for, capped: PuTTYgen's default is 8 MiB and a fraction of a second.
        private const int MaxArgon2MemoryKiB = 1024 * 1024;
        private const int MaxArgon2Passes = 1000;
        private const int MaxArgon2Parallelism = 64;

        public static ClientKey FromText(string path, string text, Secret? passphrase)
        {
            var file = PuttyKeyFile.Parse(path, text);
            if (file.Algorithm != "ssh-ed25519" && file.Algorithm != "ssh-rsa" && !file.Algorithm.StartsWith("ecdsa-sha2-", StringComparison.Ordinal))
                throw new SshKeyFileException(path, "holds a " + file.Algorithm + " key; supported are " + PrivateKeyFile.SupportedTypes +
                    " (make a new key in PuTTYgen)");
            var encrypted = file.Encryption != "none";
            if (encrypted && file.Encryption != "aes256-cbc")
                throw new SshKeyFileException(path, "is encrypted with '" + file.Encryption + "'; PuTTY keys are read with aes256-cbc or none");
            if (encrypted && (passphrase == null || passphrase.IsEmpty)) throw new SshKeyFileException(path, PrivateKeyFile.NoPassphrase);
            var secret = encrypted ? Encoding.UTF8.GetBytes(passphrase!.Reveal()) : new byte[0];

            var (cipherKey, iv, macKey) = file.Version == 2 ? Version2Keys(secret) : Version3Keys(path, file, secret);
            var privateBlob = file.PrivateBlob;
            if (encrypted)
            {
                if (privateBlob.Length % 16 != 0) throw new SshKeyFileException(path, "is a damaged PuTTY key file: its private lines are not whole AES blocks");
                privateBlob = Decrypt(privateBlob, cipherKey, iv);
            }
            var macInput = new SshWriter(privateBlob.Length + file.PublicBlob.Length + 256)
                .WriteString(file.Algorithm).WriteString(file.Encryption).WriteString(Encoding.GetEncoding(28591).GetBytes(file.Comment))
                .WriteString(file.PublicBlob).WriteString(privateBlob).ToArray();
            byte[] mac;
            using (HMAC hmac = file.Version == 2 ? new HMACSHA1(macKey) : new HMACSHA256(macKey))
                mac = hmac.ComputeHash(macInput);
            if (!SameBytes(mac, file.Mac))
                throw new SshKeyFileException(path, encrypted
                    ? "cannot be opened: the passphrase is wrong (or the file was changed: its MAC does not match)"
                    : "was changed or damaged: its MAC does not match");
            try
            {
                return Key(path, file.Algorithm, file.PublicBlob, privateBlob);
            }
            catch (SshProtocolException)
            {
                throw new SshKeyFileException(path, "is a damaged PuTTY key file: its key fields are truncated or of the wrong size");
            }
        }

        /// <summary>Version 2: AES key SHA-1(0 ‖ passphrase) ‖ SHA-1(1 ‖ passphrase), a zero IV, MAC key SHA-1 of a fixed label and the passphrase.</summary>
        private static (byte[] CipherKey, byte[] Iv, byte[] MacKey) Version2Keys(byte[] passphrase)
        {
            using (var sha = SHA1.Create())
            {
                var first = sha.ComputeHash(new byte[] { 0, 0, 0, 0 }.Concat(passphrase).ToArray());
                var second = sha.ComputeHash(new byte[] { 0, 0, 0, 1 }.Concat(passphrase).ToArray());
                var macKey = sha.ComputeHash(Encoding.ASCII.GetBytes("putty-private-key-file-mac-key").Concat(passphrase).ToArray());
                return (first.Concat(second).Take(32).ToArray(), new byte[16], macKey);
            }
        }

        /// <summary>Version 3: one Argon2 output of 80 bytes gives AES key, IV and MAC key; unencrypted files have an empty MAC key.</summary>
        private static (byte[] CipherKey, byte[] Iv, byte[] MacKey) Version3Keys(string path, PuttyKeyFile file, byte[] passphrase)
        {
            if (file.Encryption == "none") return (new byte[0], new byte[0], new byte[0]);
            var type = file.KeyDerivation switch
            {
                "Argon2id" => Argon2Parameters.Argon2id,
                "Argon2i" => Argon2Parameters.Argon2i,
                "Argon2d" => Argon2Parameters.Argon2d,
                null => throw new SshKeyFileException(path, "is a damaged PuTTY key file: it is encrypted but names no key derivation"),
                _ => throw new SshKeyFileException(path, "uses the key derivation '" + file.KeyDerivation + "'; supported are Argon2id, Argon2i and Argon2d"),
            };
            if (file.Argon2Memory < 8 * file.Argon2Parallelism || file.Argon2Memory > MaxArgon2MemoryKiB ||
                file.Argon2Passes < 1 || file.Argon2Passes > MaxArgon2Passes ||
                file.Argon2Parallelism < 1 || file.Argon2Parallelism > MaxArgon2Parallelism)
                throw new SshKeyFileException(path, "asks Argon2 for " + file.Argon2Memory + " KiB, " + file.Argon2Passes + " passes and parallelism " +
                    file.Argon2Parallelism + "; accepted are at most " + MaxArgon2MemoryKiB + " KiB, " + MaxArgon2Passes + " passes and parallelism " +
                    MaxArgon2Parallelism);
            var parameters = new Argon2Parameters.Builder(type).WithVersion(Argon2Parameters.Version13)
                .WithMemoryAsKB(file.Argon2Memory).WithIterations(file.Argon2Passes).WithParallelism(file.Argon2Parallelism)
                .WithSalt(file.Argon2Salt).Build();
            var argon2 = new Argon2BytesGenerator();
            argon2.Init(parameters);
            var output = new byte[80];
            argon2.GenerateBytes(passphrase, output);
            return (output.Take(32).ToArray(), output.Skip(32).Take(16).ToArray(), output.Skip(48).ToArray());
        }

        private static byte[] Decrypt(byte[] sealedBlob, byte[] key, byte[] iv)
        {
            using (var aes = Aes.Create())
            {
                aes.Mode = CipherMode.CBC;
                aes.Padding = PaddingMode.None;
                aes.Key = key;
                aes.IV = iv;
                using (var decryptor = aes.CreateDecryptor())
                    return decryptor.TransformFinalBlock(sealedBlob, 0, sealedBlob.Length);
            }
        }

        /// <summary>Builds the key from the public blob and the private fields (PuTTY's own order; trailing padding ignored).</summary>
        private static ClientKey Key(string path, string algorithm, byte[] publicBlob, byte[] privateBlob)
        {
            var pub = new SshReader(publicBlob);
            var priv = new SshReader(privateBlob);
            if (pub.ReadText() != algorithm) throw new SshKeyFileException(path, "is a damaged PuTTY key file: its public key is not " + algorithm);
            switch (algorithm)
            {
                case "ssh-ed25519":
                {
                    if (pub.ReadString().Length != 32) throw new SshProtocolException("an ed25519 public key that is not 32 bytes");
                    var seed = priv.ReadString();
                    if (seed.Length != 32) throw new SshProtocolException("an ed25519 private key that is not 32 bytes");
                    return new Ed25519ClientKey(publicBlob, seed);
                }
                case "ssh-rsa":
                {
                    var e = pub.ReadMpint();
                    var n = pub.ReadMpint();
                    var d = priv.ReadMpint();
                    var p = priv.ReadMpint();
                    var q = priv.ReadMpint();
                    var iqmp = priv.ReadMpint();
                    return new RsaClientKey(publicBlob, n, e, d, iqmp, p, q);
                }
                default:
                {
                    var curve = pub.ReadText();
                    if ("ecdsa-sha2-" + curve != algorithm) throw new SshProtocolException("an ECDSA key whose curve is not its type's");
                    return EcdsaClientKey.Create(publicBlob, curve, pub.ReadString(), priv.ReadMpint())
                        ?? throw new SshKeyFileException(path, "holds a " + algorithm + " key; supported are " + PrivateKeyFile.SupportedTypes);
                }
            }
        }

        private static bool SameBytes(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            var difference = 0;
            for (var i = 0; i < a.Length; i++) difference |= a[i] ^ b[i];
            return difference == 0;
        }
    }
}
