using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Modes.Gcm;
using Org.BouncyCastle.Crypto.Parameters;

namespace FundMail.Ssh
{
    /// <summary>
    /// aes256-gcm@openssh.com (RFC 5647 as OpenSSH uses it): the 12-byte IV is a 4-byte fixed part and an 8-byte
    /// invocation counter incremented per packet; the plain packet length is the additional authenticated data.
    /// </summary>
    internal sealed class AesGcmCipher : IPacketCipher
    {
        public const string Name = "aes256-gcm@openssh.com";
        public const int KeySize = 32;
        public const int IvSize = 12;

        private readonly GcmBlockCipher _gcm = new GcmBlockCipher(new AesEngine(), new Tables64kGcmMultiplier());
        private readonly byte[] _iv;
        private KeyParameter? _key;
        private ulong _counter;

        public AesGcmCipher(byte[] key, byte[] iv)
        {
            _key = new KeyParameter(key);
            _iv = (byte[])iv.Clone();
            _counter = (ulong)Bytes.ReadUInt32(_iv, 4) << 32 | Bytes.ReadUInt32(_iv, 8);
        }

        public int BlockSize => 16;
        public bool LengthOutsideAlignment => true;
        public int TagSize => 16;

        public void Seal(uint sequence, byte[] packet, int length)
        {
            Start(true, packet);
            var written = _gcm.ProcessBytes(packet, 4, length - 4, packet, 4);
            _gcm.DoFinal(packet, 4 + written);
        }

        public uint ReadLength(uint sequence, byte[] lengthBytes) => Bytes.ReadUInt32(lengthBytes, 0);

        public void Open(uint sequence, byte[] packet, int length)
        {
            Start(false, packet);
            try
            {
                var written = _gcm.ProcessBytes(packet, 4, length - 4 + 16, packet, 4);
                _gcm.DoFinal(packet, 4 + written);
            }
            catch (InvalidCipherTextException e)
            {
                throw new SshProtocolException("packet authentication failed (aes256-gcm tag mismatch)", e);
            }
        }

        private void Start(bool encrypt, byte[] packet)
        {
            Bytes.WriteUInt64(_counter++, _iv, 4);
            // The key schedule and GHASH tables are built once; later packets only change the nonce.
            _gcm.Init(encrypt, new AeadParameters(_key, 128, (byte[])_iv.Clone()));
            _key = null;
            _gcm.ProcessAadBytes(packet, 0, 4);
        }
    }
}
