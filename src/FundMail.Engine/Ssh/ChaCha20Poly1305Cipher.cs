using System;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace FundMail.Ssh
{
    /// <summary>
    /// chacha20-poly1305@openssh.com (OpenSSH PROTOCOL.chacha20poly1305): a 64-byte key split into K_2 (payload, first half)
    /// and K_1 (length, second half), the packet sequence number as the 8-byte ChaCha nonce, the Poly1305 key taken from
    /// block 0 of the payload stream and the payload encrypted from block 1. The tag covers the encrypted length and payload.
    /// </summary>
    internal sealed class ChaCha20Poly1305Cipher : IPacketCipher
    {
        public const string Name = "chacha20-poly1305@openssh.com";
        public const int KeySize = 64;

        private static readonly byte[] ZeroBlock = new byte[64];
        private readonly KeyParameter _payloadKey;
        private readonly KeyParameter _lengthKey;
        private readonly ChaChaEngine _payloadEngine = new ChaChaEngine();
        private readonly ChaChaEngine _lengthEngine = new ChaChaEngine();
        private readonly Poly1305 _poly = new Poly1305();
        private readonly byte[] _nonce = new byte[8];
        private readonly byte[] _polyBlock = new byte[64];
        private readonly byte[] _tag = new byte[16];

        public ChaCha20Poly1305Cipher(byte[] key)
        {
            _payloadKey = new KeyParameter(key, 0, 32);
            _lengthKey = new KeyParameter(key, 32, 32);
        }

        public int BlockSize => 8;
        public bool LengthOutsideAlignment => true;
        public int TagSize => 16;

        public void Seal(uint sequence, byte[] packet, int offset, int length)
        {
            StartPacket(sequence, true);
            _lengthEngine.ProcessBytes(packet, offset, 4, packet, offset);
            _payloadEngine.ProcessBytes(packet, offset + 4, length - 4, packet, offset + 4);
            Authenticate(packet, offset, length, packet, offset + length);
        }

        public uint ReadLength(uint sequence, byte[] lengthBytes)
        {
            var plain = new byte[4];
            Bytes.WriteUInt64(sequence, _nonce, 0);
            _lengthEngine.Init(false, new ParametersWithIV(_lengthKey, _nonce));
            _lengthEngine.ProcessBytes(lengthBytes, 0, 4, plain, 0);
            return Bytes.ReadUInt32(plain, 0);
        }

        public void Open(uint sequence, byte[] packet, int length)
        {
            StartPacket(sequence, false);
            Authenticate(packet, 0, length, _tag, 0);
            if (!Bytes.FixedTimeEquals(_tag, 0, packet, length, 16))
                throw new SshProtocolException("packet authentication failed (chacha20-poly1305 tag mismatch)");
            _payloadEngine.ProcessBytes(packet, 4, length - 4, packet, 4);
        }

        private void StartPacket(uint sequence, bool encrypt)
        {
            Bytes.WriteUInt64(sequence, _nonce, 0);
            _lengthEngine.Init(encrypt, new ParametersWithIV(_lengthKey, _nonce));
            _payloadEngine.Init(encrypt, new ParametersWithIV(_payloadKey, _nonce));
            // Block 0 of the payload stream is the one-time Poly1305 key; the payload then starts at block 1.
            _payloadEngine.ProcessBytes(ZeroBlock, 0, 64, _polyBlock, 0);
            _poly.Init(new KeyParameter(_polyBlock, 0, 32));
        }

        private void Authenticate(byte[] packet, int offset, int length, byte[] output, int outputOffset)
        {
            _poly.BlockUpdate(packet, offset, length);
            _poly.DoFinal(output, outputOffset);
        }
    }
}
