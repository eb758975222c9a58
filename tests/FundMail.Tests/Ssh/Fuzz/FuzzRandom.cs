using System;

namespace FundMail.Tests.Ssh.Fuzz
{
    /// <summary>The seeded draws of one fuzz case: numbers, bytes and the boundary values that break length fields.</summary>
    internal sealed class FuzzRandom
    {
        private static readonly uint[] Boundaries =
        {
            0, 1, 2, 3, 4, 5, 7, 8, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000, 256 * 1024, 256 * 1024 + 1, 1024 * 1024, 1024 * 1024 + 1,
            0x7FFFFFFF, 0x80000000, 0xFFFFFFF0, 0xFFFFFFFE, 0xFFFFFFFF,
        };

        private readonly Random _random;

        public FuzzRandom(int seed)
        {
            _random = new Random(seed);
        }

        public int Next(int max) => _random.Next(max);
        public int Next(int min, int max) => _random.Next(min, max);

        /// <summary>A boundary value, or now and then one near the real size.</summary>
        public uint Boundary(int near) => _random.Next(4) == 0 ? (uint)Math.Max(0, near) : Boundaries[_random.Next(Boundaries.Length)];

        public byte[] Bytes(int count)
        {
            var bytes = new byte[count];
            _random.NextBytes(bytes);
            return bytes;
        }
    }
}
