using System;
using System.Security.Cryptography;
using System.Text;

namespace FundMail.Ssh
{
    /// <summary>
    /// bcrypt_pbkdf, the key derivation of passphrase-protected OpenSSH keys (OpenBSD's bcrypt_pbkdf.c, described in
    /// OpenSSH's PROTOCOL.key): PBKDF2's structure with SHA-512 and a bcrypt-based hash, and its output bytes spread
    /// over the key rather than concatenated.
    /// </summary>
    internal static class BcryptPbkdf
    {
        private const int HashBytes = 32;
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("OxychromaticBlowfishSwatDynamite");

        public static byte[] Derive(byte[] passphrase, byte[] salt, int rounds, int keyBytes)
        {
            if (rounds < 1 || passphrase.Length == 0 || salt.Length == 0 || keyBytes < 1 || keyBytes > HashBytes * HashBytes)
                throw new ArgumentException("bcrypt_pbkdf needs a passphrase, a salt, at least one round and 1 to 1024 key bytes");
            var key = new byte[keyBytes];
            var stride = (keyBytes + HashBytes - 1) / HashBytes;
            var amount = (keyBytes + stride - 1) / stride;
            using (var sha = SHA512.Create())
            {
                var hashedPassphrase = sha.ComputeHash(passphrase);
                var left = keyBytes;
                for (var count = 1; left > 0; count++)
                {
                    var countSalt = new byte[salt.Length + 4];
                    Buffer.BlockCopy(salt, 0, countSalt, 0, salt.Length);
                    countSalt[salt.Length] = (byte)(count >> 24);
                    countSalt[salt.Length + 1] = (byte)(count >> 16);
                    countSalt[salt.Length + 2] = (byte)(count >> 8);
                    countSalt[salt.Length + 3] = (byte)count;
                    var block = Hash(hashedPassphrase, sha.ComputeHash(countSalt));
                    var output = (byte[])block.Clone();
                    for (var round = 1; round < rounds; round++)
                    {
                        block = Hash(hashedPassphrase, sha.ComputeHash(block));
                        for (var i = 0; i < HashBytes; i++) output[i] ^= block[i];
                    }
                    // Not concatenated: byte i of this block goes to position i * stride + (count - 1).
                    var taken = 0;
                    for (; taken < Math.Min(amount, left); taken++)
                    {
                        var destination = taken * stride + count - 1;
                        if (destination >= keyBytes) break;
                        key[destination] = output[taken];
                    }
                    left -= taken;
                }
            }
            return key;
        }

        /// <summary>bcrypt_hash: eksblowfish keyed by both SHA-512s (64 rounds), then the magic text encrypted 64 times.</summary>
        private static byte[] Hash(byte[] hashedPassphrase, byte[] hashedSalt)
        {
            var state = new Blowfish();
            state.Expand(hashedSalt, hashedPassphrase);
            for (var i = 0; i < 64; i++)
            {
                state.Expand(null, hashedSalt);
                state.Expand(null, hashedPassphrase);
            }
            var words = new uint[HashBytes / 4];
            var position = 0;
            for (var i = 0; i < words.Length; i++)
                words[i] = Blowfish.StreamToWord(Magic, ref position);
            for (var i = 0; i < 64; i++)
                for (var w = 0; w < words.Length; w += 2)
                    state.Encrypt(ref words[w], ref words[w + 1]);
            var result = new byte[HashBytes];
            for (var i = 0; i < words.Length; i++)
            {
                // Little-endian out, as OpenBSD's bcrypt_hash copies it.
                result[4 * i] = (byte)words[i];
                result[4 * i + 1] = (byte)(words[i] >> 8);
                result[4 * i + 2] = (byte)(words[i] >> 16);
                result[4 * i + 3] = (byte)(words[i] >> 24);
            }
            return result;
        }
    }
}
