using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;
using Xunit;

namespace FundMail.Tests.Ssh
{
    /// <summary>
    /// Packets appended into one send buffer (sealed at growing offsets) and flushed as one write read back intact,
    /// in order, with every cipher we offer: the batching must not disturb sequence numbers, counters or tags.
    /// </summary>
    public sealed class PacketBatchTests
    {
        [Theory]
        [InlineData(AesGcmCipher.Name, "native")]
        [InlineData(AesGcmCipher.Name, "managed")]
        [InlineData(AesGcmCipher.Name128, "native")]
        [InlineData(AesCtrHmacEtmCipher.Name, "")]
        [InlineData(ChaCha20Poly1305Cipher.Name, "")]
        public async Task A_batch_of_packets_in_one_write_reads_back_in_order(string cipher, string engine)
        {
            var wire = new MemoryStream();
            var sender = new PacketIo(wire);
            sender.ChangeSendCipher(Cipher(cipher, engine), resetSequence: true);
            var random = new Random(3);
            var payloads = new[] { 1, 5000, 32_768, 7, 32_768, 100_000 }.Select(n => Enumerable.Range(0, n).Select(_ => (byte)random.Next()).ToArray()).ToArray();
            foreach (var payload in payloads.Take(5)) sender.Append(new ArraySegment<byte>(payload, 0, Math.Min(3, payload.Length)), new ArraySegment<byte>(payload, Math.Min(3, payload.Length), payload.Length - Math.Min(3, payload.Length)));
            await sender.FlushAsync(CancellationToken.None);
            sender.Append(new ArraySegment<byte>(payloads[5]), default);
            await sender.FlushAsync(CancellationToken.None);
            Assert.Equal(6u, sender.SendSequence);
            Assert.Equal(wire.Length, sender.BytesSent);

            wire.Position = 0;
            var receiver = new PacketIo(wire);
            receiver.ChangeReceiveCipher(Cipher(cipher, engine), resetSequence: true);
            foreach (var payload in payloads)
                Assert.Equal(payload, await receiver.ReadAsync(CancellationToken.None));
            Assert.Equal(wire.Length, wire.Position);
        }

        [Fact]
        public async Task Packets_read_back_when_the_socket_hands_over_a_few_bytes_at_a_time()
        {
            var wire = new MemoryStream();
            var sender = new PacketIo(wire);
            sender.ChangeSendCipher(Cipher(ChaCha20Poly1305Cipher.Name, ""), resetSequence: true);
            var payloads = new[] { 3, 70_000, 40 }.Select(n => Enumerable.Repeat((byte)n, n).ToArray()).ToArray();
            foreach (var payload in payloads) sender.Append(new ArraySegment<byte>(payload), default);
            await sender.FlushAsync(CancellationToken.None);

            var receiver = new PacketIo(new TrickleStream(wire.ToArray(), 7));
            receiver.ChangeReceiveCipher(Cipher(ChaCha20Poly1305Cipher.Name, ""), resetSequence: true);
            foreach (var payload in payloads)
                Assert.Equal(payload, await receiver.ReadAsync(CancellationToken.None));
        }

        [Fact]
        public async Task Bytes_read_ahead_before_new_keys_are_opened_with_the_new_keys()
        {
            // NEWKEYS in the clear and the first encrypted packet arrive in one socket read: the read-ahead must wait
            // for the cipher change instead of being taken under the old cipher.
            var wire = new MemoryStream();
            var sender = new PacketIo(wire);
            sender.Append(new ArraySegment<byte>(new[] { SshMessage.NewKeys }), default);
            sender.ChangeSendCipher(Cipher(AesGcmCipher.Name, "native"), resetSequence: true);
            sender.Append(new ArraySegment<byte>(new byte[] { 94, 1, 2, 3 }), default);
            await sender.FlushAsync(CancellationToken.None);

            wire.Position = 0;
            var receiver = new PacketIo(wire);
            Assert.Equal(new[] { SshMessage.NewKeys }, await receiver.ReadAsync(CancellationToken.None));
            Assert.Equal(wire.Length, wire.Position);
            receiver.ChangeReceiveCipher(Cipher(AesGcmCipher.Name, "native"), resetSequence: true);
            Assert.Equal(new byte[] { 94, 1, 2, 3 }, await receiver.ReadAsync(CancellationToken.None));
        }

        /// <summary>A connection that delivers at most a few bytes per read, as a slow link may.</summary>
        private sealed class TrickleStream : MemoryStream
        {
            private readonly int _most;

            public TrickleStream(byte[] data, int most) : base(data) => _most = most;

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
                base.ReadAsync(buffer, offset, Math.Min(count, _most), ct);
        }

        private static IPacketCipher Cipher(string name, string engine)
        {
            byte[] Key(int size, int seed) => Enumerable.Range(seed, size).Select(i => (byte)i).ToArray();
            if (name == ChaCha20Poly1305Cipher.Name) return new ChaCha20Poly1305Cipher(Key(64, 1));
            if (name == AesCtrHmacEtmCipher.Name) return new AesCtrHmacEtmCipher(Key(32, 1), Key(16, 50), Key(32, 90));
            var key = Key(AesGcmCipher.KeySize(name), 1);
            IAesGcm gcm = engine == "native" ? NativeAesGcm.TryCreate(key)! : new ManagedAesGcm(key);
            return new AesGcmCipher(name, gcm, Key(12, 200));
        }
    }
}
