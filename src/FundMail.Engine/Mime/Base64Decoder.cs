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
        private readonly byte[] output = new byte[8192];
        private int outCount;
        private int quad;
        private int bits;

        internal int InvalidCharacters { get; private set; }
        internal bool DroppedTrailingCharacter { get; private set; }

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
            for (var i = offset; i < offset + count; i++)
            {
                var c = data[i];
                var v = Alphabet[c];
                if (v < 0)
                {
                    if (c == '=') EndGroup();
                    else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') InvalidCharacters++;
                    continue;
                }
                bits = (bits << 6) | (v & 0x3F);
                quad++;
                if (quad == 4)
                {
                    Emit((byte)(bits >> 16));
                    Emit((byte)(bits >> 8));
                    Emit((byte)bits);
                    quad = 0;
                    bits = 0;
                }
                if (outCount == output.Length) Flush(sink);
            }
            Flush(sink);
        }

        /// <summary>Flushes a final partial group (missing padding) and everything buffered.</summary>
        internal void Finish(Stream sink)
        {
            EndGroup();
            if (quad == 1) { DroppedTrailingCharacter = true; quad = 0; bits = 0; }
            Flush(sink);
        }

        private void EndGroup()
        {
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
            var decoder = new Base64Decoder();
            using (var ms = new MemoryStream())
            {
                decoder.Write(bytes, 0, bytes.Length, ms);
                decoder.Finish(ms);
                return ms.ToArray();
            }
        }
    }
}
