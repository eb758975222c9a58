using System;
using System.Text;

namespace FundMail.Ssh
{
    /// <summary>Reads the RFC 4251 §5 data types from a received message; a truncated message is a protocol error.</summary>
    internal sealed class SshReader
    {
        private readonly byte[] _data;
        private readonly int _end;
        private int _position;

        public SshReader(byte[] data) : this(data, 0, data.Length) { }

        public SshReader(byte[] data, int offset, int count)
        {
            _data = data;
            _position = offset;
            _end = offset + count;
        }

        public int Remaining => _end - _position;

        public byte ReadByte()
        {
            Need(1);
            return _data[_position++];
        }

        public bool ReadBoolean() => ReadByte() != 0;

        public uint ReadUInt32()
        {
            Need(4);
            var value = (uint)(_data[_position] << 24 | _data[_position + 1] << 16 | _data[_position + 2] << 8 | _data[_position + 3]);
            _position += 4;
            return value;
        }

        public ulong ReadUInt64() => (ulong)ReadUInt32() << 32 | ReadUInt32();

        public byte[] ReadBytes(int count)
        {
            Need(count);
            var result = new byte[count];
            Buffer.BlockCopy(_data, _position, result, 0, count);
            _position += count;
            return result;
        }

        public byte[] ReadString()
        {
            var length = ReadUInt32();
            if (length > Remaining) throw new SshProtocolException("a string field is longer than its message");
            return ReadBytes((int)length);
        }

        /// <summary>Returns where a string field lies inside the message, without copying it.</summary>
        public ArraySegment<byte> ReadStringSegment()
        {
            var length = ReadUInt32();
            if (length > Remaining) throw new SshProtocolException("a string field is longer than its message");
            var segment = new ArraySegment<byte>(_data, _position, (int)length);
            _position += (int)length;
            return segment;
        }

        public string ReadText() => Encoding.UTF8.GetString(ReadString());

        public string[] ReadNameList()
        {
            var text = ReadText();
            return text.Length == 0 ? new string[0] : text.Split(',');
        }

        /// <summary>Reads a positive mpint and returns its magnitude, big-endian, without the sign byte.</summary>
        public byte[] ReadMpint()
        {
            var raw = ReadString();
            if (raw.Length > 0 && (raw[0] & 0x80) != 0) throw new SshProtocolException("a negative mpint where a positive one is required");
            var start = 0;
            while (start < raw.Length && raw[start] == 0) start++;
            var result = new byte[raw.Length - start];
            Buffer.BlockCopy(raw, start, result, 0, result.Length);
            return result;
        }

        private void Need(int count)
        {
            if (count < 0 || _position + count > _end) throw new SshProtocolException("a message ended before its last field");
        }
    }
}
