using System;

namespace FundMail.Ssh
{
    /// <summary>
    /// The AES-GCM primitive as the SSH packet needs it, for the packet that starts at packet[offset]: a 12-byte nonce,
    /// a 16-byte tag, its four length bytes as additional data, its bytes [4..length) encrypted in place and the tag
    /// right after them.
    /// </summary>
    internal interface IAesGcm : IDisposable
    {
        void Seal(byte[] nonce, byte[] packet, int offset, int length);

        /// <summary>False when the tag does not match (nothing usable is left in the packet then).</summary>
        bool Open(byte[] nonce, byte[] packet, int offset, int length);
    }
}
