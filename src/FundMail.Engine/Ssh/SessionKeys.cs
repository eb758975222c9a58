using System.Security.Cryptography;

namespace FundMail.Ssh
{
    /// <summary>Derives cipher keys from K, H and the session id (RFC 4253 §7.2) and builds the packet ciphers.</summary>
    internal sealed class SessionKeys
    {
        // The runtime's AES-GCM (AES-NI and carry-less multiply, one pass, no separate MAC) is the fastest by far, for
        // sshd too. Without it (.NET Framework) AES-CTR on .NET's AES with encrypt-then-MAC beats BouncyCastle's
        // managed ChaCha20 and GCM about twice; strict kex leaves it no known weakness.
        public static readonly string[] Ciphers = NativeAesGcm.IsAvailable
            ? new[] { AesGcmCipher.Name, AesGcmCipher.Name128, AesCtrHmacEtmCipher.Name, ChaCha20Poly1305Cipher.Name }
            : new[] { AesCtrHmacEtmCipher.Name, ChaCha20Poly1305Cipher.Name, AesGcmCipher.Name, AesGcmCipher.Name128 };
        public static readonly string[] Macs = { AesCtrHmacEtmCipher.MacName };

        private readonly byte[] _sharedSecret;
        private readonly byte[] _exchangeHash;
        private readonly byte[] _sessionId;

        public SessionKeys(byte[] sharedSecret, byte[] exchangeHash, byte[] sessionId)
        {
            _sharedSecret = new SshWriter().WriteMpint(sharedSecret).ToArray();
            _exchangeHash = exchangeHash;
            _sessionId = sessionId;
        }

        public static bool NeedsMac(string cipher) => cipher == AesCtrHmacEtmCipher.Name;

        public IPacketCipher Create(string cipher, bool clientToServer)
        {
            char iv = clientToServer ? 'A' : 'B', key = clientToServer ? 'C' : 'D', mac = clientToServer ? 'E' : 'F';
            switch (cipher)
            {
                case ChaCha20Poly1305Cipher.Name:
                    return new ChaCha20Poly1305Cipher(Derive(key, ChaCha20Poly1305Cipher.KeySize));
                case AesGcmCipher.Name:
                case AesGcmCipher.Name128:
                    return AesGcmCipher.Create(cipher, Derive(key, AesGcmCipher.KeySize(cipher)), Derive(iv, AesGcmCipher.IvSize));
                default:
                    return new AesCtrHmacEtmCipher(Derive(key, AesCtrHmacEtmCipher.KeySize), Derive(iv, AesCtrHmacEtmCipher.IvSize),
                        Derive(mac, AesCtrHmacEtmCipher.MacKeySize));
            }
        }

        private byte[] Derive(char letter, int size)
        {
            using (var sha = SHA256.Create())
            {
                var first = new SshWriter().WriteRaw(_sharedSecret).WriteRaw(_exchangeHash).WriteByte((byte)letter).WriteRaw(_sessionId).ToArray();
                var key = new SshWriter().WriteRaw(sha.ComputeHash(first));
                while (key.Length < size)
                {
                    var more = new SshWriter().WriteRaw(_sharedSecret).WriteRaw(_exchangeHash).WriteRaw(key.ToArray()).ToArray();
                    key.WriteRaw(sha.ComputeHash(more));
                }
                var result = new byte[size];
                System.Buffer.BlockCopy(key.ToArray(), 0, result, 0, size);
                return result;
            }
        }
    }
}
