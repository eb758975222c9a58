using System;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace FundMail.Ssh
{
    /// <summary>
    /// One ephemeral key agreement of a key exchange (all ours hash with SHA-256). The client value goes into
    /// SSH_MSG_KEX*_INIT, the server value comes back in the reply; both enter the exchange hash.
    /// </summary>
    internal abstract class KeyExchangeMethod
    {
        public static readonly string[] Names = { "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "diffie-hellman-group14-sha256" };

        public static KeyExchangeMethod Create(string name)
        {
            switch (name)
            {
                case "curve25519-sha256":
                case "curve25519-sha256@libssh.org":
                    return new Curve25519Exchange();
                case "ecdh-sha2-nistp256":
                    return new EcdhNistP256Exchange();
                case "diffie-hellman-group14-sha256":
                    return new DhGroup14Exchange();
                default:
                    throw new SshProtocolException("unsupported key exchange " + name);
            }
        }

        /// <summary>True for DH, whose values are mpints; the ECDH methods send octet strings.</summary>
        public virtual bool ValuesAreMpints => false;

        public abstract byte[] ClientValue { get; }

        /// <summary>The shared secret K as an unsigned big-endian integer.</summary>
        public abstract byte[] Agree(byte[] serverValue);

        public void WriteValue(SshWriter w, byte[] value)
        {
            if (ValuesAreMpints) w.WriteMpint(value);
            else w.WriteString(value);
        }

        public byte[] ReadValue(SshReader r) => ValuesAreMpints ? r.ReadMpint() : r.ReadString();

        protected static readonly SecureRandom Random = new SecureRandom();
    }

    /// <summary>RFC 8731: X25519, K is the 32-byte result read as a big-endian number.</summary>
    internal sealed class Curve25519Exchange : KeyExchangeMethod
    {
        private readonly X25519PrivateKeyParameters _private = new X25519PrivateKeyParameters(Random);

        public override byte[] ClientValue => _private.GeneratePublicKey().GetEncoded();

        public override byte[] Agree(byte[] serverValue)
        {
            if (serverValue.Length != 32) throw new SshProtocolException("the server's curve25519 public key is not 32 bytes");
            var agreement = new X25519Agreement();
            agreement.Init(_private);
            var secret = new byte[32];
            agreement.CalculateAgreement(new X25519PublicKeyParameters(serverValue, 0), secret, 0);
            var zero = 0;
            foreach (var b in secret) zero |= b;
            if (zero == 0) throw new SshProtocolException("the curve25519 shared secret is all zero");
            return secret;
        }
    }

    /// <summary>RFC 5656: ECDH on NIST P-256 with uncompressed points, K is the x coordinate.</summary>
    internal sealed class EcdhNistP256Exchange : KeyExchangeMethod
    {
        private static readonly ECDomainParameters Domain = FromCurve();
        private readonly ECPrivateKeyParameters _private;
        private readonly byte[] _public;

        public EcdhNistP256Exchange()
        {
            var generator = new ECKeyPairGenerator();
            generator.Init(new ECKeyGenerationParameters(Domain, Random));
            var pair = generator.GenerateKeyPair();
            _private = (ECPrivateKeyParameters)pair.Private;
            _public = ((ECPublicKeyParameters)pair.Public).Q.GetEncoded(false);
        }

        public override byte[] ClientValue => _public;

        public override byte[] Agree(byte[] serverValue)
        {
            Org.BouncyCastle.Math.EC.ECPoint point;
            try
            {
                point = Domain.Curve.DecodePoint(serverValue);
            }
            catch (ArgumentException e)
            {
                throw new SshProtocolException("the server's P-256 public key is not a valid point", e);
            }
            var agreement = new ECDHBasicAgreement();
            agreement.Init(_private);
            var secret = agreement.CalculateAgreement(new ECPublicKeyParameters(point, Domain));
            return secret.ToByteArrayUnsigned();
        }

        private static ECDomainParameters FromCurve()
        {
            var curve = NistNamedCurves.GetByName("P-256");
            return new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
        }
    }

    /// <summary>RFC 8268: classic Diffie-Hellman in the 2048-bit MODP group 14 with SHA-256.</summary>
    internal sealed class DhGroup14Exchange : KeyExchangeMethod
    {
        private readonly DHPrivateKeyParameters _private;
        private readonly DHPublicKeyParameters _public;

        public DhGroup14Exchange()
        {
            var group = DHStandardGroups.rfc3526_2048;
            // A 512-bit exponent is twice the group's ~112-bit strength, as RFC 8268 advises, and keeps ModPow fast.
            var parameters = new DHParameters(group.P, group.G, null, 512);
            var generator = new DHKeyPairGenerator();
            generator.Init(new DHKeyGenerationParameters(Random, parameters));
            var pair = generator.GenerateKeyPair();
            _private = (DHPrivateKeyParameters)pair.Private;
            _public = (DHPublicKeyParameters)pair.Public;
        }

        public override bool ValuesAreMpints => true;

        public override byte[] ClientValue => _public.Y.ToByteArrayUnsigned();

        public override byte[] Agree(byte[] serverValue)
        {
            var f = new Org.BouncyCastle.Math.BigInteger(1, serverValue);
            var agreement = new DHBasicAgreement();
            agreement.Init(_private);
            try
            {
                return agreement.CalculateAgreement(new DHPublicKeyParameters(f, _private.Parameters)).ToByteArrayUnsigned();
            }
            catch (ArgumentException e)
            {
                throw new SshProtocolException("the server's DH value is out of range", e);
            }
        }
    }
}
