using System;
using System.IO;
using System.Linq;
using System.Text;

namespace FundMail.Ssh
{
    /// <summary>
    /// Reads an OpenSSH private key file ("openssh-key-v1", PROTOCOL.key): ed25519, ecdsa nistp256 or rsa, unencrypted.
    /// Encrypted keys need bcrypt_pbkdf, which neither .NET nor BouncyCastle 1.8.10 provides, so they get a clear error.
    /// </summary>
    internal static class OpenSshPrivateKey
    {
        private const string Begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
        private const string End = "-----END OPENSSH PRIVATE KEY-----";
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("openssh-key-v1\0");

        public static ClientKey Load(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new SshKeyFileException(path, "cannot be read: " + e.Message);
            }
            var start = text.IndexOf(Begin, StringComparison.Ordinal);
            var end = text.IndexOf(End, StringComparison.Ordinal);
            if (start < 0 || end < start)
                throw new SshKeyFileException(path, "is not an OpenSSH private key (expected '" + Begin + "'; convert PEM/PuTTY keys with ssh-keygen -p -o or puttygen)");
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
                return Parse(path, data);
            }
            catch (SshProtocolException)
            {
                throw new SshKeyFileException(path, "is truncated or damaged");
            }
        }

        private static ClientKey Parse(string path, byte[] data)
        {
            if (data.Length < Magic.Length || !data.Take(Magic.Length).SequenceEqual(Magic))
                throw new SshKeyFileException(path, "does not start with the openssh-key-v1 magic");
            var r = new SshReader(data, Magic.Length, data.Length - Magic.Length);
            var cipher = r.ReadText();
            var kdf = r.ReadText();
            r.ReadString();
            if (cipher != "none" || kdf != "none")
                throw new SshKeyFileException(path, "is encrypted (" + cipher + ", " + kdf + "); encrypted keys are unsupported because " +
                    "bcrypt_pbkdf is not available — remove the passphrase with: ssh-keygen -p -N \"\" -f <file>");
            if (r.ReadUInt32() != 1) throw new SshKeyFileException(path, "holds more than one key");
            var publicBlob = r.ReadString();
            var secret = new SshReader(r.ReadString());
            if (secret.ReadUInt32() != secret.ReadUInt32()) throw new SshKeyFileException(path, "has mismatched check bytes (damaged)");
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
                {
                    if (secret.ReadText() != "nistp256") throw new SshKeyFileException(path, "has an unsupported ECDSA curve");
                    var point = secret.ReadString();
                    return new EcdsaClientKey(publicBlob, point, secret.ReadMpint());
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
                    throw new SshKeyFileException(path, "holds a " + type + " key; supported are ssh-ed25519, ecdsa-sha2-nistp256 and ssh-rsa");
            }
        }
    }
}
