using System;
using System.Linq;
using FundMail.Ssh;
using Xunit;

namespace FundMail.Tests.Ssh
{
    /// <summary>
    /// The runtime's AES-GCM (bound by reflection) and BouncyCastle's fallback agree with known answers computed
    /// independently (Python's cryptography package) and with each other, per packet, across the nonce counter's carry.
    /// </summary>
    public sealed class AesGcmCipherTests
    {
        private const string Body = "0546756e644d61696c207061636b657420626f64792031323334350000000000";
        // The IV's invocation counter is ...ffffffff, so the second packet checks the carry into the high 32 bits.
        private static readonly byte[] Iv = Convert.FromHexString("0001020310111213ffffffff");

        public static TheoryData<string, int, string, string> KnownAnswers => new TheoryData<string, int, string, string>
        {
            { "native", 32, "110f109071239520c4abffb93e50bac0f6cda347c8652aceb1a1af6177335336565d29ceccf72e4290634c616efbaed5",
                "5c3a6eed1a4b905a67f572e718678f301e0f8d683f80b6df28759569d2d75cc8423ef5b88377ac262f8e606b9eebfa23" },
            { "managed", 32, "110f109071239520c4abffb93e50bac0f6cda347c8652aceb1a1af6177335336565d29ceccf72e4290634c616efbaed5",
                "5c3a6eed1a4b905a67f572e718678f301e0f8d683f80b6df28759569d2d75cc8423ef5b88377ac262f8e606b9eebfa23" },
            { "native", 16, "c58a2fd9c85ebcf4779b8dbebcdc64f8c35dd4b021480245b6f09606306ea7b6b49a1a3f311cc91f06dec2c6da103360",
                "bc0b3e7612ec9a3e940b043ead2321e46010de6f01588c8c56115c76ef5f1e7152a186481d19abdf2aa78d13a79f84a8" },
            { "managed", 16, "c58a2fd9c85ebcf4779b8dbebcdc64f8c35dd4b021480245b6f09606306ea7b6b49a1a3f311cc91f06dec2c6da103360",
                "bc0b3e7612ec9a3e940b043ead2321e46010de6f01588c8c56115c76ef5f1e7152a186481d19abdf2aa78d13a79f84a8" },
        };

        [Fact]
        public void The_runtime_AES_GCM_binds_on_this_runtime()
        {
            Assert.True(NativeAesGcm.IsAvailable);
            Assert.NotNull(NativeAesGcm.TryCreate(Key(32)));
            Assert.Equal(AesGcmCipher.Name, SessionKeys.Ciphers[0]);
            Assert.Equal(AesGcmCipher.Name128, SessionKeys.Ciphers[1]);
        }

        [Theory]
        [MemberData(nameof(KnownAnswers))]
        public void Seal_matches_the_known_answer_and_open_restores_the_packet(string engine, int keySize, string first, string second)
        {
            var name = keySize == 16 ? AesGcmCipher.Name128 : AesGcmCipher.Name;
            using var sealer = Cipher(engine, name, keySize);
            using var opener = Cipher(engine, name, keySize);
            foreach (var expected in new[] { first, second })
            {
                var packet = Packet();
                sealer.Seal(0, packet, 0, 36);
                Assert.Equal(expected, Convert.ToHexString(packet, 4, 48).ToLowerInvariant());
                opener.Open(0, packet, 36);
                Assert.Equal(Body, Convert.ToHexString(packet, 4, 32).ToLowerInvariant());
            }
        }

        [Theory]
        [InlineData("native", "managed", 32)]
        [InlineData("managed", "native", 32)]
        [InlineData("native", "managed", 16)]
        [InlineData("managed", "native", 16)]
        public void One_engine_opens_what_the_other_sealed_over_many_packet_sizes(string sealing, string opening, int keySize)
        {
            var name = keySize == 16 ? AesGcmCipher.Name128 : AesGcmCipher.Name;
            using var sealer = Cipher(sealing, name, keySize);
            using var opener = Cipher(opening, name, keySize);
            var random = new Random(7);
            foreach (var size in new[] { 16, 32, 4096, 32768 + 48, 262_144 })
            {
                var plain = new byte[4 + size + 16];
                random.NextBytes(plain);
                Bytes.WriteUInt32((uint)size, plain, 0);
                var packet = (byte[])plain.Clone();
                sealer.Seal(0, packet, 0, 4 + size);
                Assert.False(packet.Skip(4).Take(size).SequenceEqual(plain.Skip(4).Take(size)));
                opener.Open(0, packet, 4 + size);
                Assert.True(packet.Take(4 + size).SequenceEqual(plain.Take(4 + size)), size + " bytes");
            }
        }

        [Theory]
        [InlineData("native", 0)]
        [InlineData("native", 10)]
        [InlineData("native", 40)]
        [InlineData("managed", 0)]
        [InlineData("managed", 10)]
        [InlineData("managed", 40)]
        public void A_changed_length_body_or_tag_byte_fails_authentication(string engine, int position)
        {
            using var sealer = Cipher(engine, AesGcmCipher.Name, 32);
            using var opener = Cipher(engine, AesGcmCipher.Name, 32);
            var packet = Packet();
            sealer.Seal(0, packet, 0, 36);
            packet[position] ^= 1;
            var error = Assert.Throws<SshProtocolException>(() => opener.Open(0, packet, 36));
            Assert.Contains("aes256-gcm@openssh.com tag mismatch", error.Message);
        }

        private static AesGcmCipher Cipher(string engine, string name, int keySize)
        {
            IAesGcm gcm = engine == "native" ? NativeAesGcm.TryCreate(Key(keySize))! : new ManagedAesGcm(Key(keySize));
            Assert.NotNull(gcm);
            return new AesGcmCipher(name, gcm, Iv);
        }

        private static byte[] Key(int size) => Enumerable.Range(0, size).Select(i => (byte)i).ToArray();

        private static byte[] Packet()
        {
            var packet = new byte[4 + 32 + 16];
            Bytes.WriteUInt32(32, packet, 0);
            Convert.FromHexString(Body).CopyTo(packet, 4);
            return packet;
        }
    }
}
