using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Mime
{
    /// <summary>
    /// 10,000 deterministic mutations of the corpus (bit flips, truncations, duplicated and deleted ranges,
    /// mangled boundaries, broken headers): no exception escapes, none hangs, memory stays bounded.
    /// </summary>
    [Collection(nameof(MemoryMeasurement))] // alone: managed memory is process-wide
    public sealed class FuzzTests
    {
        private const int Iterations = 10_000;
        private const int Seed = 20241121;
        private const long SeedSizeLimit = 200 * 1024; // the few bigger files would only slow the run down
        private static readonly TimeSpan PerMessageCap = TimeSpan.FromSeconds(10);
        private const long MemoryLimit = 256L * 1024 * 1024;
        private readonly ITestOutputHelper output;

        public FuzzTests(ITestOutputHelper output) => this.output = output;

        [Fact]
        public async Task Mutated_corpus_messages_never_throw_hang_or_grow_memory()
        {
            var seeds = Directory.GetFiles(CorpusLocator.Find(), "*.eml")
                .Where(f => new FileInfo(f).Length <= SeedSizeLimit).OrderBy(f => f, StringComparer.Ordinal)
                .Select(File.ReadAllBytes).ToList();
            Assert.True(seeds.Count > 60);
            var random = new Random(Seed);
            using var temp = new TempParse();
            var raw = Path.Combine(temp.Root, "fuzz.eml");
            var watch = Stopwatch.StartNew();
            long peak = 0;
            var defects = 0;
            for (var i = 0; i < Iterations; i++)
            {
                var mutated = Mutate(seeds[random.Next(seeds.Count)], random);
                File.WriteAllBytes(raw, mutated);
                var parse = Task.Run(() => temp.ParseFile(raw));
                var finished = await Task.WhenAny(parse, Task.Delay(PerMessageCap)); // the watchdog
                Assert.True(finished == parse, $"iteration {i}: parse did not finish within {PerMessageCap.TotalSeconds} s");
                var mail = await parse; // an exception would surface here
                Assert.Equal(mutated.Length, mail.RawSize);
                Assert.False(string.IsNullOrEmpty(mail.EmailId));
                defects += mail.Defects.Count;
                // The parser's last-resort catch must not be what kept it alive.
                Assert.DoesNotContain(mail.Defects, d => d.StartsWith("parser failure", StringComparison.Ordinal));
                if (i % 250 == 249)
                {
                    Directory.Delete(temp.Options.AttachmentDirectory, true);
                    peak = Math.Max(peak, GC.GetTotalMemory(true)); // live memory: what a leak would grow
                    Assert.True(peak < MemoryLimit, $"managed memory {peak} bytes after {i + 1} messages");
                }
            }
            output.WriteLine($"{Iterations} mutated messages in {watch.Elapsed.TotalSeconds:F1} s, {defects} defects recorded, peak managed memory {peak / (1024 * 1024.0):F1} MB");
        }

        private static byte[] Mutate(byte[] source, Random random)
        {
            var data = new List<byte>(source);
            var rounds = 1 + random.Next(4);
            for (var r = 0; r < rounds && data.Count > 0; r++)
            {
                var at = random.Next(data.Count);
                var span = Math.Min(data.Count - at, 1 + random.Next(512));
                switch (random.Next(7))
                {
                    case 0: // bit flips
                        for (var k = 0; k < 1 + random.Next(16); k++)
                        {
                            var p = random.Next(data.Count);
                            data[p] = (byte)(data[p] ^ (1 << random.Next(8)));
                        }
                        break;
                    case 1: // truncation
                        data.RemoveRange(at, data.Count - at);
                        break;
                    case 2: // duplicated range
                        data.InsertRange(random.Next(data.Count), data.GetRange(at, span));
                        break;
                    case 3: // deleted range
                        data.RemoveRange(at, span);
                        break;
                    case 4:
                        MangleBoundary(data, random);
                        break;
                    case 5: // header field without its colon, or a stray line
                        var colon = data.IndexOf((byte)':', at);
                        if (colon >= 0) data[colon] = (byte)' ';
                        else data.InsertRange(at, Encoding.ASCII.GetBytes("\r\nno colon here\r\n"));
                        break;
                    default: // hostile nesting or encodings dropped in
                        var junk = random.Next(3) switch
                        {
                            0 => string.Concat(Enumerable.Range(0, 60).Select(n => $"\r\n--z{n}\r\nContent-Type: multipart/mixed; boundary=z{n + 1}\r\n")),
                            1 => "\r\n=?utf-8?B?7Yq5?= =?ks_c_5601-1987?Q?=B0=A1?= =?bogus?X?zz?=\r\n",
                            _ => "\r\nContent-Transfer-Encoding: base64\r\n\r\n!!**==A=\r\n",
                        };
                        data.InsertRange(at, Encoding.ASCII.GetBytes(junk));
                        break;
                }
            }
            return data.ToArray();
        }

        private static void MangleBoundary(List<byte> data, Random random)
        {
            var text = Encoding.Latin1.GetString(data.ToArray());
            var lines = new List<int>();
            for (var p = text.IndexOf("\n--", StringComparison.Ordinal); p >= 0 && lines.Count < 64; p = text.IndexOf("\n--", p + 1, StringComparison.Ordinal)) lines.Add(p + 1);
            if (lines.Count == 0) return;
            var start = lines[random.Next(lines.Count)];
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            switch (random.Next(3))
            {
                case 0: data.RemoveRange(start, end - start); break; // boundary line gone
                case 1: if (end - start > 4) data.RemoveAt(start + 2 + random.Next(end - start - 3)); break; // one character lost
                default: data.InsertRange(end > 0 && data[end - 1] == '\r' ? end - 1 : end, new[] { (byte)'-', (byte)'-' }); break; // early close
            }
        }
    }
}
