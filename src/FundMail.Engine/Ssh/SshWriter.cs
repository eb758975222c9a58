using System;
using System.IO;
using System.Text;

namespace FundMail.Ssh
{
    /// <summary>Builds an SSH message from the RFC 4251 §5 data types (byte, boolean, uint32, string, mpint, name-list).</summary>
    internal sealed class SshWriter
    {
        private byte[] _buffer;
        private int _length;

        public SshWriter(int capacity = 256)
        {
            _buffer = new byte[capacity];
        }

        /// <summary>Writes into the given buffer (e.g. a pooled one) until it runs out, then into a larger copy.</summary>
        public SshWriter(byte[] buffer)
        {
            _buffer = buffer;
        }

        public SshWriter(byte messageNumber, int capacity = 256) : this(capacity)
        {
            WriteByte(messageNumber);
        }

        public int Length => _length;

        public SshWriter WriteByte(byte value)
        {
            Ensure(1);
            _buffer[_length++] = value;
            return this;
        }

        public SshWriter WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

        public SshWriter WriteUInt32(uint value)
        {
            Ensure(4);
            _buffer[_length] = (byte)(value >> 24);
            _buffer[_length + 1] = (byte)(value >> 16);
            _buffer[_length + 2] = (byte)(value >> 8);
            _buffer[_length + 3] = (byte)value;
            _length += 4;
            return this;
        }

        public SshWriter WriteUInt64(ulong value)
        {
            WriteUInt32((uint)(value >> 32));
            return WriteUInt32((uint)value);
        }

        public SshWriter WriteRaw(byte[] data) => WriteRaw(data, 0, data.Length);

        public SshWriter WriteRaw(byte[] data, int offset, int count)
        {
            Ensure(count);
            Buffer.BlockCopy(data, offset, _buffer, _length, count);
            _length += count;
            return this;
        }

        public SshWriter WriteString(byte[] data) => WriteString(data, 0, data.Length);

        public SshWriter WriteString(byte[] data, int offset, int count)
        {
            WriteUInt32((uint)count);
            return WriteRaw(data, offset, count);
        }

        public SshWriter WriteString(string text) => WriteString(Encoding.UTF8.GetBytes(text));

        public SshWriter WriteNameList(params string[] names) => WriteString(string.Join(",", names));

        /// <summary>
        /// Writes a string of up to max bytes read straight from source (no staging copy) and returns how many there were.
        /// The read is synchronous: the source is a local file, served from the page cache or a read-ahead disk, and an
        /// async read would cost a thread-pool hop per chunk.
        /// </summary>
        public int WriteStringFrom(Stream source, int max)
        {
            var lengthAt = _length;
            WriteUInt32(0);
            Ensure(max);
            var filled = 0;
            while (filled < max)
            {
                var read = source.Read(_buffer, _length + filled, max - filled);
                if (read == 0) break;
                filled += read;
            }
            _length += filled;
            PatchUInt32(lengthAt, (uint)filled);
            return filled;
        }

        /// <summary>Writes an unsigned big-endian magnitude as a positive mpint (no leading zeros, a zero byte if the top bit is set).</summary>
        public SshWriter WriteMpint(byte[] unsignedBigEndian)
        {
            var start = 0;
            while (start < unsignedBigEndian.Length && unsignedBigEndian[start] == 0) start++;
            var count = unsignedBigEndian.Length - start;
            var pad = count > 0 && (unsignedBigEndian[start] & 0x80) != 0;
            WriteUInt32((uint)(count + (pad ? 1 : 0)));
            if (pad) WriteByte(0);
            return WriteRaw(unsignedBigEndian, start, count);
        }

        /// <summary>Drops what was written after the first length bytes.</summary>
        public SshWriter Truncate(int length)
        {
            _length = Math.Min(_length, length);
            return this;
        }

        /// <summary>Empties the writer and keeps its buffer for the next message.</summary>
        public SshWriter Reset()
        {
            _length = 0;
            return this;
        }

        /// <summary>Overwrites four bytes already written, e.g. a length prefix known only at the end.</summary>
        public void PatchUInt32(int position, uint value) => Bytes.WriteUInt32(value, _buffer, position);

        /// <summary>The bytes written so far, without copying; valid until the next write.</summary>
        public ArraySegment<byte> Segment => new ArraySegment<byte>(_buffer, 0, _length);

        public byte[] ToArray()
        {
            var result = new byte[_length];
            Buffer.BlockCopy(_buffer, 0, result, 0, _length);
            return result;
        }

        private void Ensure(int extra)
        {
            if (_length + extra <= _buffer.Length) return;
            var size = Math.Max(_buffer.Length * 2, _length + extra);
            Array.Resize(ref _buffer, size);
        }
    }
}
