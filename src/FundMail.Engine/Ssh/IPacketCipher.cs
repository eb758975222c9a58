namespace FundMail.Ssh
{
    /// <summary>
    /// Protects the binary packets of one direction. The buffer holds [uint32 packet_length][padding_length][payload][padding],
    /// followed by TagSize bytes for the authentication tag. All our ciphers keep the length readable from the first
    /// four bytes alone (AEAD or encrypt-then-MAC), so padding never needs the first block decrypted early.
    /// </summary>
    internal interface IPacketCipher
    {
        /// <summary>Alignment of the padded packet.</summary>
        int BlockSize { get; }

        /// <summary>True when the length field is outside the encrypted part and so outside the padding alignment.</summary>
        bool LengthOutsideAlignment { get; }

        int TagSize { get; }

        /// <summary>
        /// For the packet that starts at packet[offset]: encrypts its bytes [4..length) (and the length where the cipher
        /// does) and writes the tag right after them.
        /// </summary>
        void Seal(uint sequence, byte[] packet, int offset, int length);

        /// <summary>Returns packet_length from the first four received bytes.</summary>
        uint ReadLength(uint sequence, byte[] lengthBytes);

        /// <summary>Checks the tag at packet[length] and decrypts packet[4..length) in place; a bad tag is fatal.</summary>
        void Open(uint sequence, byte[] packet, int length);
    }

    /// <summary>The "none" cipher of the first key exchange.</summary>
    internal sealed class NoneCipher : IPacketCipher
    {
        public static readonly NoneCipher Instance = new NoneCipher();

        public int BlockSize => 8;
        public bool LengthOutsideAlignment => false;
        public int TagSize => 0;
        public void Seal(uint sequence, byte[] packet, int offset, int length) { }
        public uint ReadLength(uint sequence, byte[] lengthBytes) => Bytes.ReadUInt32(lengthBytes, 0);
        public void Open(uint sequence, byte[] packet, int length) { }
    }
}
