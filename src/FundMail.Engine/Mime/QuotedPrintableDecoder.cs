using System.IO;

namespace FundMail.Mime
{
    /// <summary>
    /// Line-at-a-time quoted-printable (RFC 2045 6.7): trailing transport whitespace is dropped, "=" at
    /// line end joins lines, "=XX" (either case) becomes a byte, and a malformed "=" is kept literally.
    /// </summary>
    internal sealed class QuotedPrintableDecoder
    {
        private readonly byte[] output = new byte[8192];
        private int outCount;

        internal int MalformedEscapes { get; private set; }

        /// <summary>Ready for the next part (one decoder serves a whole parse).</summary>
        internal void Reset() => outCount = MalformedEscapes = 0;

        /// <summary>Decodes one line's content (without its line break); true when it ends in a soft break.</summary>
        internal bool WriteLine(byte[] data, int offset, int count, bool complete, Stream sink)
        {
            var end = offset + count;
            if (complete)
                while (end > offset && (data[end - 1] == ' ' || data[end - 1] == '\t')) end--;
            var soft = false;
            for (var i = offset; i < end; i++)
            {
                var c = data[i];
                if (c == '=')
                {
                    if (i == end - 1) { soft = true; break; }
                    if (i + 2 < end)
                    {
                        var hi = Hex.Value(data[i + 1]);
                        var lo = Hex.Value(data[i + 2]);
                        if (hi >= 0 && lo >= 0)
                        {
                            Put((byte)(hi * 16 + lo), sink);
                            i += 2;
                            continue;
                        }
                    }
                    MalformedEscapes++;
                }
                Put(c, sink);
            }
            Flush(sink);
            return soft;
        }

        private void Put(byte b, Stream sink)
        {
            output[outCount++] = b;
            if (outCount == output.Length) Flush(sink);
        }

        internal void Flush(Stream sink)
        {
            if (outCount == 0) return;
            sink.Write(output, 0, outCount);
            outCount = 0;
        }
    }
}
