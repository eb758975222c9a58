using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Ssh
{
    /// <summary>
    /// The binary packet protocol (RFC 4253 §6) over one stream: padding, sequence numbers and the current cipher per direction.
    /// Writes must be serialised by the caller; reads happen on one reader at a time.
    /// </summary>
    internal sealed class PacketIo
    {
        // OpenSSH accepts packets up to 256 KiB; anything larger is a broken or hostile peer.
        private const int MaxPacketLength = 256 * 1024;

        private readonly Stream _stream;
        private readonly RandomNumberGenerator _random = RandomNumberGenerator.Create();
        private readonly byte[] _lengthBytes = new byte[4];
        private readonly byte[] _paddingPool = new byte[4096];
        private int _paddingUsed = 4096;
        private byte[] _received = new byte[64 * 1024];
        private int _receivedStart;
        private int _receivedEnd;
        private byte[] _sendBuffer = new byte[64 * 1024];
        private int _sendLength;
        private IPacketCipher _sendCipher = NoneCipher.Instance;
        private IPacketCipher _receiveCipher = NoneCipher.Instance;

        public PacketIo(Stream stream)
        {
            _stream = stream;
        }

        public uint SendSequence { get; private set; }
        public uint ReceiveSequence { get; private set; }
        public long BytesSent { get; private set; }
        public long BytesReceived { get; private set; }

        /// <summary>
        /// Builds and seals one packet, whose payload is head followed by body, at the end of the send buffer without
        /// sending it (bulk data is copied once, straight into the packet). Several packets then leave in one socket
        /// write (one system call and one TCP push per batch instead of per 32 KiB packet).
        /// </summary>
        public void Append(ArraySegment<byte> head, ArraySegment<byte> body)
        {
            var cipher = _sendCipher;
            var payloadLength = head.Count + body.Count;
            var aligned = 1 + payloadLength + (cipher.LengthOutsideAlignment ? 0 : 4);
            var padding = cipher.BlockSize - aligned % cipher.BlockSize;
            if (padding < 4) padding += cipher.BlockSize;
            var packetLength = 1 + payloadLength + padding;
            var total = 4 + packetLength + cipher.TagSize;
            // One writer at a time (the transport's send lock), and the flush completes before the next: the buffer is reused.
            if (_sendBuffer.Length < _sendLength + total) Array.Resize(ref _sendBuffer, Math.Max(_sendLength + total, _sendBuffer.Length * 2));
            var start = _sendLength;
            var packet = _sendBuffer;
            Bytes.WriteUInt32((uint)packetLength, packet, start);
            packet[start + 4] = (byte)padding;
            if (head.Count > 0) Buffer.BlockCopy(head.Array!, head.Offset, packet, start + 5, head.Count);
            if (body.Count > 0) Buffer.BlockCopy(body.Array!, body.Offset, packet, start + 5 + head.Count, body.Count);
            RandomPadding(packet, start + 5 + payloadLength, padding);
            cipher.Seal(SendSequence, packet, start, 4 + packetLength);
            SendSequence++;
            BytesSent += total;
            _sendLength += total;
        }

        /// <summary>Padding comes from a pool drawn 4 KiB at a time: one system call per ~200 packets instead of one each.</summary>
        private void RandomPadding(byte[] packet, int offset, int count)
        {
            if (_paddingUsed + count > _paddingPool.Length)
            {
                _random.GetBytes(_paddingPool);
                _paddingUsed = 0;
            }
            Buffer.BlockCopy(_paddingPool, _paddingUsed, packet, offset, count);
            _paddingUsed += count;
        }

        /// <summary>Sends every appended packet.</summary>
        public async Task FlushAsync(CancellationToken ct)
        {
            var length = _sendLength;
            _sendLength = 0;
            await _stream.WriteAsync(_sendBuffer, 0, length, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// Reads the next packet. Bytes arrive through a buffer: a burst of small packets (SFTP status answers, window
        /// adjusts) costs one socket read, not two per packet.
        /// </summary>
        public async Task<byte[]> ReadAsync(CancellationToken ct)
        {
            var cipher = _receiveCipher;
            await FillAsync(4, ct).ConfigureAwait(false);
            Buffer.BlockCopy(_received, _receivedStart, _lengthBytes, 0, 4);
            var packetLength = cipher.ReadLength(ReceiveSequence, _lengthBytes);
            if (packetLength < 5 || packetLength > MaxPacketLength)
                throw new SshProtocolException("the server sent a packet length of " + packetLength + " bytes");
            var aligned = (int)packetLength + (cipher.LengthOutsideAlignment ? 0 : 4);
            if (aligned % cipher.BlockSize != 0) throw new SshProtocolException("a packet is not a multiple of the cipher block size");
            var packet = new byte[4 + packetLength + cipher.TagSize];
            await FillAsync(packet.Length, ct).ConfigureAwait(false);
            Buffer.BlockCopy(_lengthBytes, 0, packet, 0, 4);
            Buffer.BlockCopy(_received, _receivedStart + 4, packet, 4, packet.Length - 4);
            _receivedStart += packet.Length;
            if (_receivedStart == _receivedEnd) _receivedStart = _receivedEnd = 0;
            cipher.Open(ReceiveSequence, packet, 4 + (int)packetLength);
            ReceiveSequence++;
            BytesReceived += packet.Length;
            int padding = packet[4];
            var payloadLength = (int)packetLength - 1 - padding;
            if (padding < 4 || payloadLength < 1) throw new SshProtocolException("a packet has invalid padding");
            var payload = new byte[payloadLength];
            Buffer.BlockCopy(packet, 5, payload, 0, payloadLength);
            return payload;
        }

        /// <summary>Takes new keys for outgoing packets right after our NEWKEYS; strict kex also restarts the sequence.</summary>
        public void ChangeSendCipher(IPacketCipher cipher, bool resetSequence)
        {
            (_sendCipher as IDisposable)?.Dispose();
            _sendCipher = cipher;
            if (resetSequence) SendSequence = 0;
        }

        public void ChangeReceiveCipher(IPacketCipher cipher, bool resetSequence)
        {
            (_receiveCipher as IDisposable)?.Dispose();
            _receiveCipher = cipher;
            if (resetSequence) ReceiveSequence = 0;
        }

        /// <summary>Buffers at least count unread bytes, reading whatever the socket has (up to the buffer's room).</summary>
        private async Task FillAsync(int count, CancellationToken ct)
        {
            if (_receivedEnd - _receivedStart >= count) return;
            if (_received.Length - _receivedStart < count)
            {
                var room = _received.Length >= count ? _received : new byte[Math.Max(count, _received.Length * 2)];
                Buffer.BlockCopy(_received, _receivedStart, room, 0, _receivedEnd - _receivedStart);
                _receivedEnd -= _receivedStart;
                _receivedStart = 0;
                _received = room;
            }
            while (_receivedEnd - _receivedStart < count)
            {
                var read = await _stream.ReadAsync(_received, _receivedEnd, _received.Length - _receivedEnd, ct).ConfigureAwait(false);
                if (read == 0) throw new SshConnectionException("the SSH server closed the connection");
                _receivedEnd += read;
            }
        }
    }
}
