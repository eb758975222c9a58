using System;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FundMail.Ssh
{
    /// <summary>
    /// aes256-ctr (RFC 4344) with hmac-sha2-256-etm@openssh.com: the length stays in clear, the rest is encrypted with
    /// AES in counter mode (the counter runs on across packets), and the MAC covers sequence number, length and ciphertext.
    /// The AES block function is .NET's; counter mode is the keystream of successive counter blocks.
    /// </summary>
    internal sealed class AesCtrHmacEtmCipher : IPacketCipher, IDisposable
    {
        public const string Name = "aes256-ctr";
        public const string MacName = "hmac-sha2-256-etm@openssh.com";
        public const int KeySize = 32;
        public const int IvSize = 16;
        public const int MacKeySize = 32;

        private readonly Aes _aes;
        private readonly ICryptoTransform _block;
        private readonly HMACSHA256 _hmac;
        private ulong _counterHigh;
        private ulong _counterLow;
        private readonly byte[] _sequence = new byte[4];
        private byte[] _counterBlocks = new byte[0];
        private byte[] _keystream = new byte[0];

        public AesCtrHmacEtmCipher(byte[] key, byte[] iv, byte[] macKey)
        {
            _aes = Aes.Create();
            _aes.Mode = CipherMode.ECB;
            _aes.Padding = PaddingMode.None;
            _aes.Key = key;
            _block = _aes.CreateEncryptor();
            _counterHigh = BinaryPrimitives.ReadUInt64BigEndian(new ReadOnlySpan<byte>(iv, 0, 8));
            _counterLow = BinaryPrimitives.ReadUInt64BigEndian(new ReadOnlySpan<byte>(iv, 8, 8));
            _hmac = new HMACSHA256(macKey);
        }

        public int BlockSize => 16;
        public bool LengthOutsideAlignment => true;
        public int TagSize => 32;

        public void Seal(uint sequence, byte[] packet, int offset, int length)
        {
            Crypt(packet, offset + 4, length - 4);
            var mac = Mac(sequence, packet, offset, length);
            Buffer.BlockCopy(mac, 0, packet, offset + length, 32);
        }

        public uint ReadLength(uint sequence, byte[] lengthBytes) => Bytes.ReadUInt32(lengthBytes, 0);

        public void Open(uint sequence, byte[] packet, int length)
        {
            var mac = Mac(sequence, packet, 0, length);
            if (!Bytes.FixedTimeEquals(mac, 0, packet, length, 32))
                throw new SshProtocolException("packet authentication failed (hmac-sha2-256-etm mismatch)");
            Crypt(packet, 4, length - 4);
        }

        public void Dispose()
        {
            _block.Dispose();
            _aes.Dispose();
            _hmac.Dispose();
        }

        private byte[] Mac(uint sequence, byte[] packet, int offset, int length)
        {
            Bytes.WriteUInt32(sequence, _sequence, 0);
            _hmac.TransformBlock(_sequence, 0, 4, null, 0);
            _hmac.TransformFinalBlock(packet, offset, length);
            return _hmac.Hash;
        }

        private void Crypt(byte[] data, int offset, int count)
        {
            if (count % 16 != 0) throw new SshProtocolException("an aes256-ctr packet is not a whole number of blocks");
            if (_counterBlocks.Length < count)
            {
                _counterBlocks = new byte[count];
                _keystream = new byte[count];
            }
            // The counter is one 128-bit big-endian number (RFC 4344 §4).
            var blocks = new Span<byte>(_counterBlocks, 0, count);
            for (var i = 0; i < count; i += 16)
            {
                BinaryPrimitives.WriteUInt64BigEndian(blocks.Slice(i, 8), _counterHigh);
                BinaryPrimitives.WriteUInt64BigEndian(blocks.Slice(i + 8, 8), _counterLow);
                if (++_counterLow == 0) _counterHigh++;
            }
            _block.TransformBlock(_counterBlocks, 0, count, _keystream, 0);
            Bytes.Xor(data, offset, _keystream, count);
        }
    }
}
