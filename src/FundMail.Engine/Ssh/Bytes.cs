using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace FundMail.Ssh
{
    /// <summary>Big-endian helpers, constant-time comparison and bulk XOR for the cipher code.</summary>
    internal static class Bytes
    {
        public static uint ReadUInt32(byte[] data, int offset) =>
            (uint)(data[offset] << 24 | data[offset + 1] << 16 | data[offset + 2] << 8 | data[offset + 3]);

        public static void WriteUInt32(uint value, byte[] data, int offset)
        {
            data[offset] = (byte)(value >> 24);
            data[offset + 1] = (byte)(value >> 16);
            data[offset + 2] = (byte)(value >> 8);
            data[offset + 3] = (byte)value;
        }

        public static void WriteUInt64(ulong value, byte[] data, int offset)
        {
            WriteUInt32((uint)(value >> 32), data, offset);
            WriteUInt32((uint)value, data, offset + 4);
        }

        /// <summary>Compares tags without leaking where they differ.</summary>
        public static bool FixedTimeEquals(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            var diff = 0;
            for (var i = 0; i < count; i++) diff |= a[aOffset + i] ^ b[bOffset + i];
            return diff == 0;
        }

        /// <summary>data[offset..offset+count) ^= key[0..count), eight bytes at a time.</summary>
        public static void Xor(byte[] data, int offset, byte[] key, int count)
        {
            var words = count / 8;
            var target = MemoryMarshal.Cast<byte, ulong>(new Span<byte>(data, offset, words * 8));
            var source = MemoryMarshal.Cast<byte, ulong>(new ReadOnlySpan<byte>(key, 0, words * 8));
            for (var i = 0; i < target.Length; i++) target[i] ^= source[i];
            for (var i = words * 8; i < count; i++) data[offset + i] ^= key[i];
        }

        public static byte[] Random(int count)
        {
            var result = new byte[count];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(result);
            return result;
        }

        public static string Hex(byte[] data) => BitConverter.ToString(data).Replace("-", "").ToLowerInvariant();
    }
}
