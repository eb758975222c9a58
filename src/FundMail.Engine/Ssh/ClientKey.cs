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
        public abstract string Algorithm { get; }

        /// <summary>The SSH signature blob: string algorithm, string signature.</summary>
        public byte[] Sign(byte[] data) => new SshWriter().WriteString(Algorithm).WriteString(RawSignature(data)).ToArray();

        protected abstract byte[] RawSignature(byte[] data);
    }

    internal sealed class Ed25519ClientKey : ClientKey
    {
        private readonly Ed25519PrivateKeyParameters _key;

        public Ed25519ClientKey(byte[] publicBlob, byte[] seed) : base(publicBlob)
        {
            _key = new Ed25519PrivateKeyParameters(seed, 0);
        }

        public override string Algorithm => "ssh-ed25519";

        protected override byte[] RawSignature(byte[] data)
        {
            var signer = new Ed25519Signer();
            signer.Init(true, _key);
            signer.BlockUpdate(data, 0, data.Length);
            return signer.GenerateSignature();
        }
    }

    internal sealed class EcdsaClientKey : ClientKey
    {
        private readonly ECParameters _parameters;

        public EcdsaClientKey(byte[] publicBlob, byte[] point, byte[] d) : base(publicBlob)
        {
            _parameters = new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Slice(point, 1), Y = Slice(point, 33) },
                D = HostKeySignature.FixedLength(d, 32),
            };
        }

        public override string Algorithm => "ecdsa-sha2-nistp256";

        protected override byte[] RawSignature(byte[] data)
        {
            using (var ecdsa = ECDsa.Create(_parameters))
            {
                var rs = ecdsa.SignData(data, HashAlgorithmName.SHA256);
                var r = new byte[32];
                var s = new byte[32];
                Buffer.BlockCopy(rs, 0, r, 0, 32);
                Buffer.BlockCopy(rs, 32, s, 0, 32);
                return new SshWriter().WriteMpint(r).WriteMpint(s).ToArray();
            }
        }

        private static byte[] Slice(byte[] point, int offset)
        {
            var result = new byte[32];
            Buffer.BlockCopy(point, offset, result, 0, 32);
            return result;
        }
    }

    /// <summary>RSA user keys sign with rsa-sha2-256 (RFC 8332); SHA-1 "ssh-rsa" signatures are never made.</summary>
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

        public override string Algorithm => "rsa-sha2-256";

        protected override byte[] RawSignature(byte[] data)
        {
            using (var rsa = RSA.Create())
            {
                rsa.ImportParameters(_parameters);
                return rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
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
