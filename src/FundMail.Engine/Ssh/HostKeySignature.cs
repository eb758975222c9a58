using System;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace FundMail.Ssh
{
    /// <summary>Checks the server's signature over the exchange hash with its host key (RFC 4253 §6.6, RFC 5656, RFC 8332, RFC 8709).</summary>
    internal static class HostKeySignature
    {
        public static readonly string[] Algorithms = { "ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256" };

        /// <summary>The key blob's own type name; rsa-sha2-* signatures use "ssh-rsa" keys.</summary>
        public static string KeyType(string algorithm) => algorithm.StartsWith("rsa-sha2-", StringComparison.Ordinal) ? "ssh-rsa" : algorithm;

        public static void Verify(string algorithm, byte[] keyBlob, byte[] signatureBlob, byte[] data)
        {
            var key = new SshReader(keyBlob);
            var keyType = key.ReadText();
            if (keyType != KeyType(algorithm))
                throw new SshProtocolException("the server's host key is " + keyType + " but " + algorithm + " was negotiated");
            var sig = new SshReader(signatureBlob);
            var sigType = sig.ReadText();
            if (sigType != algorithm)
                throw new SshProtocolException("the server signed with " + sigType + " but " + algorithm + " was negotiated");
            var signature = sig.ReadString();
            bool valid;
            switch (algorithm)
            {
                case "ssh-ed25519":
                    valid = VerifyEd25519(key.ReadString(), signature, data);
                    break;
                case "ecdsa-sha2-nistp256":
                    valid = VerifyEcdsa(key, signature, data);
                    break;
                default:
                    valid = VerifyRsa(key, signature, data, algorithm == "rsa-sha2-512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);
                    break;
            }
            if (!valid) throw new SshProtocolException("the server's host key signature over the key exchange is invalid");
        }

        private static bool VerifyEd25519(byte[] publicKey, byte[] signature, byte[] data)
        {
            if (publicKey.Length != 32 || signature.Length != 64) return false;
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            verifier.BlockUpdate(data, 0, data.Length);
            return verifier.VerifySignature(signature);
        }

        private static bool VerifyEcdsa(SshReader key, byte[] signature, byte[] data)
        {
            if (key.ReadText() != "nistp256") return false;
            var point = key.ReadString();
            if (point.Length != 65 || point[0] != 4) return false;
            var sig = new SshReader(signature);
            var r = FixedLength(sig.ReadMpint(), 32);
            var s = FixedLength(sig.ReadMpint(), 32);
            if (r == null || s == null) return false;
            var parameters = new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Slice(point, 1, 32), Y = Slice(point, 33, 32) },
            };
            using (var ecdsa = ECDsa.Create(parameters))
            {
                var rs = new byte[64];
                Buffer.BlockCopy(r, 0, rs, 0, 32);
                Buffer.BlockCopy(s, 0, rs, 32, 32);
                return ecdsa.VerifyData(data, rs, HashAlgorithmName.SHA256);
            }
        }

        private static bool VerifyRsa(SshReader key, byte[] signature, byte[] data, HashAlgorithmName hash)
        {
            var e = key.ReadMpint();
            var n = key.ReadMpint();
            if (n.Length * 8 < 2048) throw new SshProtocolException("the server's RSA host key is shorter than 2048 bits");
            using (var rsa = RSA.Create())
            {
                rsa.ImportParameters(new RSAParameters { Exponent = e, Modulus = n });
                // RFC 8332 lets the signature be shorter than the modulus; RSA verification wants it left-padded.
                var padded = FixedLength(signature, n.Length);
                return padded != null && rsa.VerifyData(data, padded, hash, RSASignaturePadding.Pkcs1);
            }
        }

        /// <summary>Left-pads a big-endian number to exactly size bytes; null if it is longer.</summary>
        public static byte[]? FixedLength(byte[] value, int size)
        {
            if (value.Length > size) return null;
            var result = new byte[size];
            Buffer.BlockCopy(value, 0, result, size - value.Length, value.Length);
            return result;
        }

        private static byte[] Slice(byte[] data, int offset, int count)
        {
            var result = new byte[count];
            Buffer.BlockCopy(data, offset, result, 0, count);
            return result;
        }
    }
}
