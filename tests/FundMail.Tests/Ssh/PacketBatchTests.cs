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
