using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Mime
{
    /// <summary>Tests that measure memory run alone: managed memory is process-wide, so parallel tests would blur it.</summary>
    [CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
    public sealed class MemoryMeasurement { }

    /// <summary>A 200 MB attachment streams through the parser: peak managed memory stays under 64 MB.</summary>
    [Collection(nameof(MemoryMeasurement))]
    public sealed class LargeAttachmentMemoryTests
    {
        private const long AttachmentBytes = 200L * 1024 * 1024;
        private const long MemoryLimit = 64L * 1024 * 1024;
        private readonly ITestOutputHelper output;

        public LargeAttachmentMemoryTests(ITestOutputHelper output) => this.output = output;

        [Fact]
        public void Attachment_of_200_MB_parses_in_bounded_memory()
        {
            using var temp = new TempParse();
            var raw = Path.Combine(temp.Root, "big.eml");
            var expectedSha = WriteMessage(raw);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var baseline = GC.GetTotalMemory(true);
            long peak = baseline;
            var done = false;
            var sampler = new Thread(() =>
            {
                while (!Volatile.Read(ref done))
                {
                    var now = GC.GetTotalMemory(false);
                    if (now > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, now);
                    Thread.Sleep(2);
                }
            }) { IsBackground = true };
            sampler.Start();
            var mail = temp.ParseFile(raw);
            Volatile.Write(ref done, true);
            sampler.Join();

            var used = peak - baseline;
            output.WriteLine($"peak managed memory above baseline: {used / (1024 * 1024.0):F1} MB");
            Assert.True(used < MemoryLimit, $"peak {used} bytes");
            var attachment = Assert.Single(mail.Attachments);
            Assert.Equal("big.bin", attachment.FileName);
            Assert.Equal(AttachmentBytes, attachment.Size);
            Assert.Equal(expectedSha, attachment.Sha256);
            Assert.Equal(AttachmentBytes, new FileInfo(attachment.ContentPath).Length);
            Assert.Equal("see attachment", mail.BodyText); // the line break before a boundary belongs to the boundary
        }

        /// <summary>Streams the message to disk: a text part and 200 MB of pseudo-random bytes in base64, 76-column lines.</summary>
        private static string WriteMessage(string path)
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            void Ascii(string s)
            {
                var b = Encoding.ASCII.GetBytes(s.Replace("\n", "\r\n"));
                file.Write(b, 0, b.Length);
            }
            Ascii("From: a@example.com\nSubject: big\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n" +
                  "--b1\nContent-Type: text/plain\n\nsee attachment\n" +
                  "--b1\nContent-Type: application/octet-stream; name=big.bin\nContent-Transfer-Encoding: base64\n\n");
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var random = new Random(7);
            var chunk = new byte[57 * 1024]; // a multiple of 57 bytes: every base64 line is 76 characters
            var line = new byte[78];
            for (long written = 0; written < AttachmentBytes;)
            {
                var n = (int)Math.Min(chunk.Length, AttachmentBytes - written);
                random.NextBytes(chunk);
                sha.AppendData(chunk, 0, n);
                for (var i = 0; i < n; i += 57)
                {
                    var len = Math.Min(57, n - i);
                    var text = Convert.ToBase64String(chunk, i, len);
                    var count = Encoding.ASCII.GetBytes(text, 0, text.Length, line, 0);
                    line[count] = (byte)'\r';
                    line[count + 1] = (byte)'\n';
                    file.Write(line, 0, count + 2);
                }
                written += n;
            }
            Ascii("--b1--\n");
            return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
        }
    }
}
