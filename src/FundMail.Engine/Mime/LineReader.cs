using System;
using System.IO;

namespace FundMail.Mime
{
    /// <summary>
    /// Reads a byte stream as lines (LF or CRLF) without holding more than one buffer. A line longer
    /// than the buffer comes out as several segments; only the first has <see cref="AtLineStart"/>.
    /// The current segment stays valid until the next <see cref="Read"/>.
    /// </summary>
    internal sealed class LineReader
    {
        internal static readonly byte[] CrLf = { (byte)'\r', (byte)'\n' };
        internal static readonly byte[] Lf = { (byte)'\n' };

        private readonly Stream stream;
        private readonly byte[] buffer;
        private int start;
        private int end;
        private bool eof;
        private bool nextAtLineStart = true;
        private bool pushedBack;

        internal LineReader(Stream stream, int bufferSize = 64 * 1024)
        {
            this.stream = stream;
            buffer = new byte[bufferSize];
        }

        internal byte[] Buffer => buffer;
        internal int Offset { get; private set; }
        internal int Length { get; private set; }

        /// <summary>0 (no line end: last line or a segment of a long line), 1 (LF) or 2 (CRLF).</summary>
        internal int EolLength { get; private set; }

        internal byte[] Eol => EolLength == 2 ? CrLf : Lf;
        internal bool AtLineStart { get; private set; }

        /// <summary>Makes the next <see cref="Read"/> return the current segment again.</summary>
        internal void Unread() => pushedBack = true;

        internal bool Read()
        {
            if (pushedBack) { pushedBack = false; return true; }
            AtLineStart = nextAtLineStart;
            var scanFrom = start;
            while (true)
            {
                var lf = Array.IndexOf(buffer, (byte)'\n', scanFrom, end - scanFrom);
                if (lf >= 0)
                {
                    Offset = start;
                    var contentEnd = lf > start && buffer[lf - 1] == '\r' ? lf - 1 : lf;
                    Length = contentEnd - start;
                    EolLength = lf - contentEnd + 1;
                    start = lf + 1;
                    nextAtLineStart = true;
                    return true;
                }
                if (eof || end - start == buffer.Length)
                {
                    if (end == start) return false;
                    // Keep a trailing CR for the next segment: it may be half of a CRLF.
                    var take = end - start;
                    if (!eof && buffer[end - 1] == '\r' && take > 1) take--;
                    Offset = start;
                    Length = take;
                    EolLength = 0;
                    start += take;
                    nextAtLineStart = false;
                    return true;
                }
                scanFrom = Fill();
            }
        }

        /// <summary>
        /// Shows the lines after the current one (content without line end) to <paramref name="visit"/> until it returns
        /// false, without consuming them; the current segment stays valid. Shows nothing when the current line is not
        /// whole, and stops early when the input ends or the lines no longer fit the buffer.
        /// </summary>
        internal void Peek(Func<byte[], int, int, bool> visit)
        {
            if (pushedBack || !AtLineStart || EolLength == 0) return;
            var from = start;
            while (true)
            {
                var lf = Array.IndexOf(buffer, (byte)'\n', from, end - from);
                if (lf < 0)
                {
                    if (eof || !FillKeepingCurrent(ref from)) return;
                    continue;
                }
                var contentEnd = lf > from && buffer[lf - 1] == '\r' ? lf - 1 : lf;
                if (!visit(buffer, from, contentEnd - from)) return;
                from = lf + 1;
            }
        }

        /// <summary>Like <see cref="Fill"/>, but keeps the current segment; false when the buffer has no room left.</summary>
        private bool FillKeepingCurrent(ref int from)
        {
            var shift = Offset;
            if (shift > 0)
            {
                System.Buffer.BlockCopy(buffer, shift, buffer, 0, end - shift);
                Offset = 0;
                start -= shift;
                end -= shift;
                from -= shift;
            }
            if (end == buffer.Length) return false;
            var n = stream.Read(buffer, end, buffer.Length - end);
            if (n <= 0) eof = true;
            else end += n;
            return true;
        }

        /// <summary>Moves unread bytes to the front, reads more; returns where scanning should resume.</summary>
        private int Fill()
        {
            var pending = end - start;
            if (start > 0)
            {
                System.Buffer.BlockCopy(buffer, start, buffer, 0, pending);
                start = 0;
                end = pending;
            }
            var n = stream.Read(buffer, end, buffer.Length - end);
            if (n <= 0) eof = true;
            else end += n;
            return pending;
        }
    }
}
