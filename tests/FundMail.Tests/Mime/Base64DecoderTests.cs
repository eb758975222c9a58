using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using FundMail.Mime;
using Xunit;

namespace FundMail.Tests.Mime
{
    /// <summary>
    /// The decoder's fast path (whole groups through the runtime decoder) must give exactly what the lenient
    /// character-by-character rules give, whatever the line lengths, noise and padding, and however the input is cut.
    /// </summary>
    public class Base64DecoderTests
    {
        [Theory]
        [InlineData("QUJD", "ABC")]
        [InlineData("QUJDRA", "ABCD")]                 // missing padding
        [InlineData("QUJDRA==QUJD", "ABCDABC")]        // concatenated padded chunks keep decoding
        [InlineData("QU*JD QU\tJD", "ABCABC")]         // stray and blank characters skipped
        [InlineData("Q=UJD", "ABC")]                   // '=' after one character: the group goes on
        [InlineData("QUJDR", "ABC")]                   // a lone trailing character is dropped
        public void Decodes_leniently(string input, string expected)
        {
            Assert.Equal(expected, Encoding.ASCII.GetString(Decode(new[] { input }, out _, out _)));
        }

        [Fact]
        public void Counts_what_it_skips()
        {
            Decode(new[] { "QUJD*!", "QUJDR" }, out var invalid, out var dropped);
            Assert.Equal(2, invalid);
            Assert.True(dropped);
        }

        [Fact]
        public void Any_cut_and_noise_gives_the_reference_bytes()
        {
            var random = new Random(7);
            for (var round = 0; round < 1000; round++)
            {
                var data = new byte[random.Next(0, 5000)];
                random.NextBytes(data);
                var text = new StringBuilder(Convert.ToBase64String(data));
                for (var n = random.Next(0, 12); n > 0; n--) // noise: blanks, stray bytes, extra padding
                    text.Insert(random.Next(0, text.Length + 1), " *=\t~\r"[random.Next(0, 6)]);
                var lines = new List<string>();
                for (var at = 0; at < text.Length;)
                {
                    var take = Math.Min(text.Length - at, random.Next(1, 120));
                    lines.Add(text.ToString(at, take));
                    at += take;
                }
                Assert.True(Reference(text.ToString()).AsSpan().SequenceEqual(Decode(lines, out _, out _)), "input: " + string.Join("|", lines));
            }
        }

        private static byte[] Decode(IEnumerable<string> lines, out int invalid, out bool dropped)
        {
            var decoder = new Base64Decoder(64); // small buffer: flushes mid-line too
            using var sink = new MemoryStream();
            foreach (var line in lines)
            {
                var bytes = Encoding.ASCII.GetBytes(line);
                decoder.Write(bytes, 0, bytes.Length, sink);
            }
            decoder.Finish(sink);
            invalid = decoder.InvalidCharacters;
            dropped = decoder.DroppedTrailingCharacter;
            return sink.ToArray();
        }

        /// <summary>The rules, one character at a time: skip non-alphabet, '=' ends a group of 2 or 3, drop a lone last one.</summary>
        private static byte[] Reference(string text)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            var output = new List<byte>();
            int bits = 0, quad = 0;
            void End()
            {
                if (quad == 2) output.Add((byte)(bits >> 4));
                if (quad == 3) { output.Add((byte)(bits >> 10)); output.Add((byte)(bits >> 2)); }
                if (quad >= 2) { quad = 0; bits = 0; }
            }
            foreach (var c in text)
            {
                var v = alphabet.IndexOf(c);
                if (v < 0)
                {
                    if (c == '=') End();
                    continue;
                }
                bits = (bits << 6) | v;
                if (++quad == 4)
                {
                    output.Add((byte)(bits >> 16)); output.Add((byte)(bits >> 8)); output.Add((byte)bits);
                    quad = 0; bits = 0;
                }
            }
            End();
            return output.ToArray();
        }
    }
}
