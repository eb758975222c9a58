using System;

namespace FundMail.Ssh
{
    /// <summary>
    /// The AES-GCM primitive as the SSH packet needs it: a 12-byte nonce, a 16-byte tag, the four length bytes
    /// packet[0..4) as additional data, packet[4..length) encrypted in place and the tag at packet[length].
    /// </summary>
    internal interface IAesGcm : IDisposable
    {
        void Seal(byte[] nonce, byte[] packet, int length);

        /// <summary>False when the tag does not match (nothing usable is left in the packet then).</summary>
        bool Open(byte[] nonce, byte[] packet, int length);
    }
}
