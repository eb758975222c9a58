using System;
using System.Numerics;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace FundMail.Ssh
{
    /// <summary>A user key for publickey authentication (RFC 4252 §7): its public blob, signature algorithm and signer.</summary>
    internal abstract class ClientKey
    {
        protected ClientKey(byte[] publicBlob)
        {
            PublicBlob = publicBlob;
        }

        public byte[] PublicBlob { get; }

        /// <summary>The signature algorithms to try in turn, best first: only RSA keys have more than one.</summary>
        public abstract string[] Algorithms { get; }

        /// <summary>The SSH signature blob: string algorithm, string signature.</summary>
        public byte[] Sign(string algorithm, byte[] data) => new SshWriter().WriteString(algorithm).WriteString(RawSignature(algorithm, data)).ToArray();

        protected abstract byte[] RawSignature(string algorithm, byte[] data);
    }

    internal sealed class Ed25519ClientKey : ClientKey
    {
        private readonly Ed25519PrivateKeyParameters _key;

        public Ed25519ClientKey(byte[] publicBlob, byte[] seed) : base(publicBlob)
        {
            _key = new Ed25519PrivateKeyParameters(seed, 0);
        }

        public override string[] Algorithms { get; } = { "ssh-ed25519" };

        protected override byte[] RawSignature(string algorithm, byte[] data)
        {
            var signer = new Ed25519Signer();
            signer.Init(true, _key);
            signer.BlockUpdate(data, 0, data.Length);
            return signer.GenerateSignature();
        }
    }

    /// <summary>ECDSA user keys (RFC 5656) on NIST P-256, P-384 or P-521, each signing with its curve's own hash.</summary>
    internal sealed class EcdsaClientKey : ClientKey
    {
        private readonly ECParameters _parameters;
        private readonly HashAlgorithmName _hash;
        private readonly int _size;

        /// <summary>Null for a curve other than the three; point is the uncompressed public point, d the private scalar.</summary>
        public static EcdsaClientKey? Create(byte[] publicBlob, string curveName, byte[] point, byte[] d)
        {
            var (curve, hash, size) = curveName switch
            {
                "nistp256" => (ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, 32),
                "nistp384" => (ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, 48),
                "nistp521" => (ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512, 66),
                _ => (default(ECCurve), default(HashAlgorithmName), 0),
            };
            if (size == 0) return null;
            var scalar = HostKeySignature.FixedLength(d, size);
            if (point.Length != 1 + 2 * size || point[0] != 4 || scalar == null) throw new SshProtocolException("an ECDSA key of the wrong size");
            return new EcdsaClientKey(publicBlob, curveName, new ECParameters
            {
                Curve = curve,
                Q = new ECPoint { X = Slice(point, 1, size), Y = Slice(point, 1 + size, size) },
                D = scalar,
            }, hash, size);
        }

        private EcdsaClientKey(byte[] publicBlob, string curveName, ECParameters parameters, HashAlgorithmName hash, int size) : base(publicBlob)
        {
            Algorithms = new[] { "ecdsa-sha2-" + curveName };
            _parameters = parameters;
            _hash = hash;
            _size = size;
        }

        public override string[] Algorithms { get; }

        protected override byte[] RawSignature(string algorithm, byte[] data)
        {
            using (var ecdsa = ECDsa.Create(_parameters))
            {
                var rs = ecdsa.SignData(data, _hash);
                return new SshWriter().WriteMpint(Slice(rs, 0, _size)).WriteMpint(Slice(rs, _size, _size)).ToArray();
            }
        }

        private static byte[] Slice(byte[] data, int offset, int count)
        {
            var result = new byte[count];
            Buffer.BlockCopy(data, offset, result, 0, count);
            return result;
        }
    }

    /// <summary>
    /// RSA user keys sign with rsa-sha2-256, or rsa-sha2-512 where a server takes only that (RFC 8332); SHA-1 "ssh-rsa"
    /// signatures are never made, whatever the server accepts.
    /// </summary>
    internal sealed class RsaClientKey : ClientKey
    {
        private readonly RSAParameters _parameters;

        public RsaClientKey(byte[] publicBlob, byte[] n, byte[] e, byte[] d, byte[] iqmp, byte[] p, byte[] q) : base(publicBlob)
        {
            var half = (n.Length + 1) / 2;
            _parameters = new RSAParameters
            {
                Modulus = n,
                Exponent = e,
                D = HostKeySignature.FixedLength(d, n.Length),
                P = HostKeySignature.FixedLength(p, half),
                Q = HostKeySignature.FixedLength(q, half),
                DP = HostKeySignature.FixedLength(Mod(d, p), half),
                DQ = HostKeySignature.FixedLength(Mod(d, q), half),
                InverseQ = HostKeySignature.FixedLength(iqmp, half),
            };
        }

        public override string[] Algorithms { get; } = { "rsa-sha2-256", "rsa-sha2-512" };

        protected override byte[] RawSignature(string algorithm, byte[] data)
        {
            var hash = algorithm switch
            {
                "rsa-sha2-256" => HashAlgorithmName.SHA256,
                "rsa-sha2-512" => HashAlgorithmName.SHA512,
                _ => throw new InvalidOperationException("RSA keys sign only with rsa-sha2-256 or rsa-sha2-512, not " + algorithm),
            };
            using (var rsa = RSA.Create())
            {
                rsa.ImportParameters(_parameters);
                return rsa.SignData(data, hash, RSASignaturePadding.Pkcs1);
            }
        }

        /// <summary>d mod (prime − 1): the CRT exponents the file does not store.</summary>
        private static byte[] Mod(byte[] d, byte[] prime)
        {
            var value = BigInteger.Remainder(ToBig(d), ToBig(prime) - 1).ToByteArray();
            Array.Reverse(value);
            var start = 0;
            while (start < value.Length - 1 && value[start] == 0) start++;
            var result = new byte[value.Length - start];
            Buffer.BlockCopy(value, start, result, 0, result.Length);
            return result;
        }

        private static BigInteger ToBig(byte[] bigEndian)
        {
            var little = new byte[bigEndian.Length + 1];
            for (var i = 0; i < bigEndian.Length; i++) little[i] = bigEndian[bigEndian.Length - 1 - i];
            return new BigInteger(little);
        }
    }
}
