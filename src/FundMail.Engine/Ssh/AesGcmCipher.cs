using System;

namespace FundMail.Ssh
{
    /// <summary>
    /// aes256-gcm@openssh.com and aes128-gcm@openssh.com (RFC 5647 as OpenSSH uses it): the 12-byte IV is a 4-byte fixed
    /// part and an 8-byte invocation counter incremented per packet; the plain packet length is the additional
    /// authenticated data. The primitive is the runtime's AES-GCM where there is one, BouncyCastle's otherwise.
    /// </summary>
    internal sealed class AesGcmCipher : IPacketCipher, IDisposable
    {
        public const string Name = "aes256-gcm@openssh.com";
        public const string Name128 = "aes128-gcm@openssh.com";
        public const int IvSize = 12;

        private readonly IAesGcm _gcm;
        private readonly byte[] _iv;
        private readonly string _name;
        private ulong _counter;

        public AesGcmCipher(string name, IAesGcm gcm, byte[] iv)
        {
            _name = name;
            _gcm = gcm;
            _iv = (byte[])iv.Clone();
            _counter = (ulong)Bytes.ReadUInt32(_iv, 4) << 32 | Bytes.ReadUInt32(_iv, 8);
        }

        public static int KeySize(string name) => name == Name128 ? 16 : 32;

        /// <summary>The runtime's AES-GCM when it has one, else BouncyCastle's.</summary>
        public static AesGcmCipher Create(string name, byte[] key, byte[] iv) =>
            new AesGcmCipher(name, (IAesGcm?)NativeAesGcm.TryCreate(key) ?? new ManagedAesGcm(key), iv);

        public int BlockSize => 16;
        public bool LengthOutsideAlignment => true;
        public int TagSize => 16;

        public void Seal(uint sequence, byte[] packet, int offset, int length)
        {
            _gcm.Seal(NextNonce(), packet, offset, length);
        }

        public uint ReadLength(uint sequence, byte[] lengthBytes) => Bytes.ReadUInt32(lengthBytes, 0);

        public void Open(uint sequence, byte[] packet, int length)
        {
            if (!_gcm.Open(NextNonce(), packet, 0, length))
                throw new SshProtocolException("packet authentication failed (" + _name + " tag mismatch)");
        }

        public void Dispose() => _gcm.Dispose();

        private byte[] NextNonce()
        {
            Bytes.WriteUInt64(_counter++, _iv, 4);
            return _iv;
        }
    }
}
