using System;
using System.Buffers.Text;
using System.IO;

namespace FundMail.Mime
{
    /// <summary>
    /// Incremental, lenient base64: characters outside the alphabet are skipped, missing padding is
    /// tolerated, a lone trailing character is dropped, and data after a padded group keeps decoding
    /// (some mailers concatenate base64 chunks). Oddities are counted so the caller can record a defect.
    /// </summary>
    internal sealed class Base64Decoder
    {
        private static readonly sbyte[] Alphabet = BuildAlphabet();
        private readonly byte[] output;
        private int outCount;
        private int quad;
        private int bits;

        /// <param name="bufferSize">Decoded bytes gathered before each write to the sink (at least 3).</param>
        internal Base64Decoder(int bufferSize = 16 * 1024) => output = new byte[bufferSize];

        internal int InvalidCharacters { get; private set; }
        internal bool DroppedTrailingCharacter { get; private set; }

        /// <summary>Ready for the next part (one decoder serves a whole parse, so its buffer is allocated once).</summary>
        internal void Reset()
        {
            outCount = quad = bits = InvalidCharacters = 0;
            DroppedTrailingCharacter = false;
        }

        private static sbyte[] BuildAlphabet()
        {
            var table = new sbyte[256];
            for (var i = 0; i < 256; i++) table[i] = -1;
            const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            for (var i = 0; i < chars.Length; i++) table[chars[i]] = (sbyte)i;
            return table;
        }

        internal void Write(byte[] data, int offset, int count, Stream sink)
        {
            var end = offset + count;
            var i = offset;
            while (i < end)
            {
                if (quad == 0)
                {
                    i += DecodeBlocks(data, i, end - i, sink);
                    if (i == end) break;
                }
                i = DecodeSlowly(data, i, end, sink);
            }
        }

        /// <summary>
        /// Whole 4-character groups through the runtime's (vectorised on .NET Core) decoder, straight into the output
        /// buffer; stops before the first group it cannot take (padding, a stray character), returning what it consumed.
        /// Blanks are left to the lenient path: .NET's decoder skips them itself, but then may consume part of a group.
        /// </summary>
        private int DecodeBlocks(byte[] data, int offset, int count, Stream sink)
        {
            var blank = new ReadOnlySpan<byte>(data, offset, count).IndexOfAny((byte)' ', (byte)'\t', (byte)'\r');
            if (blank >= 0) count = blank;
            var consumed = 0;
            while (count - consumed >= 4)
            {
                if (output.Length - outCount < 3) Flush(sink);
                var take = Math.Min(count - consumed, (output.Length - outCount) / 3 * 4);
                Base64.DecodeFromUtf8(new ReadOnlySpan<byte>(data, offset + consumed, take), new Span<byte>(output, outCount, output.Length - outCount),
                    out var read, out var written, isFinalBlock: false);
                outCount += written;
                consumed += read;
                if (read < take - 3 || read == 0) break; // stopped at something only the lenient path handles
            }
            return consumed;
        }

        /// <summary>One character at a time, leniently, until a group is complete again (then the fast path resumes).</summary>
        private int DecodeSlowly(byte[] data, int i, int end, Stream sink)
        {
            var started = i;
            for (; i < end; i++)
            {
                if (quad == 0 && i > started) return i;
                var c = data[i];
                var v = Alphabet[c];
                if (v < 0)
                {
                    if (c == '=') EndGroup(sink);
                    else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') InvalidCharacters++;
                    continue;
                }
                bits = (bits << 6) | (v & 0x3F);
                quad++;
                if (quad == 4)
                {
                    if (output.Length - outCount < 3) Flush(sink);
                    Emit((byte)(bits >> 16));
                    Emit((byte)(bits >> 8));
                    Emit((byte)bits);
                    quad = 0;
                    bits = 0;
                }
            }
            return i;
        }

        /// <summary>Flushes a final partial group (missing padding) and everything buffered.</summary>
        internal void Finish(Stream sink)
        {
            EndGroup(sink);
            if (quad == 1) { DroppedTrailingCharacter = true; quad = 0; bits = 0; }
            Flush(sink);
        }

        private void EndGroup(Stream sink)
        {
            if (output.Length - outCount < 2) Flush(sink);
            if (quad == 2) Emit((byte)(bits >> 4));
            else if (quad == 3)
            {
                Emit((byte)(bits >> 10));
                Emit((byte)(bits >> 2));
            }
            if (quad >= 2) { quad = 0; bits = 0; }
        }

        private void Emit(byte b) => output[outCount++] = b;

        private void Flush(Stream sink)
        {
            if (outCount == 0) return;
            sink.Write(output, 0, outCount);
            outCount = 0;
        }

        /// <summary>Decodes a short base64 string (an encoded word) leniently.</summary>
        internal static byte[] DecodeString(string text)
        {
            var bytes = new byte[text.Length];
            for (var i = 0; i < text.Length; i++) bytes[i] = text[i] < 0x80 ? (byte)text[i] : (byte)'*';
            var decoder = new Base64Decoder(bytes.Length + 3);
            using (var ms = new MemoryStream())
            {
                decoder.Write(bytes, 0, bytes.Length, ms);
                decoder.Finish(ms);
                return ms.ToArray();
            }
        }
    }
}
