using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace FundMail.Ssh
{
    /// <summary>BouncyCastle's AES-GCM, for runtimes without a native one (.NET Framework under Windows PowerShell 5.1).</summary>
    internal sealed class ManagedAesGcm : IAesGcm
    {
        private readonly GcmBlockCipher _gcm = new GcmBlockCipher(AesUtilities.CreateEngine());
        private KeyParameter? _key;

        public ManagedAesGcm(byte[] key)
        {
            _key = new KeyParameter(key);
        }

        public void Seal(byte[] nonce, byte[] packet, int offset, int length)
        {
            Start(true, nonce, packet, offset);
            var written = _gcm.ProcessBytes(packet, offset + 4, length - 4, packet, offset + 4);
            _gcm.DoFinal(packet, offset + 4 + written);
        }

        public bool Open(byte[] nonce, byte[] packet, int offset, int length)
        {
            Start(false, nonce, packet, offset);
            try
            {
                var written = _gcm.ProcessBytes(packet, offset + 4, length - 4 + 16, packet, offset + 4);
                _gcm.DoFinal(packet, offset + 4 + written);
                return true;
            }
            catch (InvalidCipherTextException)
            {
                return false;
            }
        }

        public void Dispose() { }

        private void Start(bool encrypt, byte[] nonce, byte[] packet, int offset)
        {
            // The key schedule and GHASH tables are built once; later packets only change the nonce.
            _gcm.Init(encrypt, new AeadParameters(_key, 128, (byte[])nonce.Clone()));
            _key = null;
            _gcm.ProcessAadBytes(packet, offset, 4);
        }
    }
}
