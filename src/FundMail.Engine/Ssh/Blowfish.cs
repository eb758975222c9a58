using System;
using System.Numerics;

namespace FundMail.Ssh
{
    /// <summary>
    /// Blowfish with the expensive key schedule bcrypt uses (Provos and Mazières' "eksblowfish"): what bcrypt_pbkdf
    /// (<see cref="BcryptPbkdf"/>) needs to open passphrase-protected OpenSSH keys. Neither .NET nor BouncyCastle 1.8.10
    /// exposes it. Used for key derivation only, never as a cipher for data.
    /// </summary>
    internal sealed class Blowfish
    {
        private const int Rounds = 16;

        // Blowfish starts from the hexadecimal digits of pi's fraction: 18 words of P, then 4 x 256 words of S.
        private static readonly Lazy<uint[]> PiWords = new Lazy<uint[]>(() => PiFractionWords(18 + 4 * 256));

        private readonly uint[] _p = new uint[Rounds + 2];
        private readonly uint[] _s = new uint[4 * 256];

        public Blowfish()
        {
            var pi = PiWords.Value;
            Array.Copy(pi, 0, _p, 0, _p.Length);
            Array.Copy(pi, _p.Length, _s, 0, _s.Length);
        }

        /// <summary>
        /// bcrypt's ExpandKey(state, salt, key): the key into P, then P and S re-encrypted with the salt mixed in;
        /// without a salt, ExpandKey(state, 0, key).
        /// </summary>
        public void Expand(byte[]? salt, byte[] key)
        {
            var k = 0;
            for (var i = 0; i < _p.Length; i++)
                _p[i] ^= StreamToWord(key, ref k);
            uint left = 0, right = 0;
            var s = 0;
            for (var i = 0; i < _p.Length; i += 2)
                Refill(_p, i, salt, ref s, ref left, ref right);
            for (var i = 0; i < _s.Length; i += 2)
                Refill(_s, i, salt, ref s, ref left, ref right);
        }

        public void Encrypt(ref uint left, ref uint right)
        {
            var l = left ^ _p[0];
            var r = right;
            for (var i = 1; i <= Rounds; i += 2)
            {
                r ^= F(l) ^ _p[i];
                l ^= F(r) ^ _p[i + 1];
            }
            left = r ^ _p[Rounds + 1];
            right = l;
        }

        /// <summary>Four bytes of a buffer read as one big-endian word, wrapping around at its end.</summary>
        public static uint StreamToWord(byte[] data, ref int position)
        {
            uint word = 0;
            for (var i = 0; i < 4; i++)
            {
                word = (word << 8) | data[position];
                position = (position + 1) % data.Length;
            }
            return word;
        }

        private void Refill(uint[] table, int index, byte[]? salt, ref int position, ref uint left, ref uint right)
        {
            if (salt != null)
            {
                left ^= StreamToWord(salt, ref position);
                right ^= StreamToWord(salt, ref position);
            }
            Encrypt(ref left, ref right);
            table[index] = left;
            table[index + 1] = right;
        }

        private uint F(uint x) =>
            ((_s[x >> 24] + _s[256 + ((x >> 16) & 0xff)]) ^ _s[512 + ((x >> 8) & 0xff)]) + _s[768 + (x & 0xff)];

        /// <summary>
        /// The first <paramref name="count"/> 32-bit words of pi's fraction, from Machin's formula
        /// (pi = 16 atan(1/5) - 4 atan(1/239)) in fixed point with 64 guard bits: about 10 ms, once per process.
        /// </summary>
        internal static uint[] PiFractionWords(int count)
        {
            var bits = count * 32 + 64;
            var one = BigInteger.One << bits;
            var pi = 16 * ArcTanOfInverse(5, one) - 4 * ArcTanOfInverse(239, one);
            var fraction = pi - 3 * one;
            var words = new uint[count];
            for (var i = 0; i < count; i++)
                words[i] = (uint)((fraction >> (bits - 32 * (i + 1))) & uint.MaxValue);
            return words;
        }

        private static BigInteger ArcTanOfInverse(int x, BigInteger one)
        {
            var power = one / x; // one / x^(2k+1)
            var sum = power;
            var square = x * x;
            for (var k = 1; !power.IsZero; k++)
            {
                power /= square;
                var term = power / (2 * k + 1);
                sum = k % 2 == 1 ? sum - term : sum + term;
            }
            return sum;
        }
    }
}
