using System;
using System.IO;

namespace FundMail.Mime
{
    /// <summary>How a header block ended.</summary>
    internal enum HeaderEnd { BlankLine, EndOfInput, Boundary, BodyLine }

    /// <summary>
    /// Reads one header block: folded lines joined, raw 8-bit bytes kept as bytes (decoded later), an mbox
    /// "From " line skipped. A line that is neither a field nor a continuation ends the block and is
    /// handed back as the first body line (nothing is dropped). Oversized blocks are cut with a defect.
    /// A message's own header block is read leniently, so a broken line costs no envelope: NUL bytes are
    /// removed, and a line without a colon (or a folded line before the first field) is skipped when a
    /// field follows it.
    /// </summary>
    internal sealed class HeaderReader
    {
        internal const int MaxHeaderBytes = 4 * 1024 * 1024;
        private readonly LineReader lines;
        private readonly BoundaryStack boundaries;
        private readonly ParseContext context;

        internal HeaderReader(LineReader lines, BoundaryStack boundaries, ParseContext context)
        {
            this.lines = lines;
            this.boundaries = boundaries;
            this.context = context;
        }

        internal HeaderList Read(bool messageStart, out HeaderEnd end, out BoundaryHit hit)
        {
            var headers = new HeaderList();
            MemoryStream? value = null;
            string? name = null;
            long total = 0;
            var first = true;
            hit = BoundaryHit.None;
            end = HeaderEnd.EndOfInput;
            while (lines.Read())
            {
                var buf = lines.Buffer;
                var off = lines.Offset;
                var len = lines.Length;
                if (!lines.AtLineStart) // tail of an over-long line: part of the current field
                {
                    if (value != null && total < MaxHeaderBytes)
                    {
                        if (messageStart) WriteWithoutNul(value, buf, off, len);
                        else value.Write(buf, off, len);
                    }
                    total += len;
                    continue;
                }
                if (len == 0) { end = HeaderEnd.BlankLine; break; }
                hit = boundaries.Match(buf, off, len);
                if (hit.Level >= 0) { end = HeaderEnd.Boundary; break; }
                if (first && messageStart && len >= 5 && buf[off] == 'F' && buf[off + 1] == 'r' && buf[off + 2] == 'o' && buf[off + 3] == 'm' && buf[off + 4] == ' ')
                {
                    first = false;
                    context.Defect("mbox 'From ' line before the header skipped");
                    continue;
                }
                first = false;
                total += len;
                if (messageStart && Array.IndexOf(buf, (byte)0, off, len) >= 0)
                {
                    context.Defect("NUL bytes in the header block removed");
                    buf = WithoutNul(buf, off, len);
                    off = 0;
                    len = buf.Length;
                }
                var continuation = len > 0 && (buf[off] == ' ' || buf[off] == '\t'); // empty: a line of NUL bytes
                if (continuation && (value != null || total > MaxHeaderBytes))
                {
                    if (total < MaxHeaderBytes) value!.Write(buf, off, len);
                    continue;
                }
                if (continuation && IsBlank(buf, off, len))
                {
                    context.Defect("blank line of spaces before the first header field skipped");
                    continue;
                }
                var colon = continuation ? -1 : FieldNameEnd(buf, off, len);
                if (colon < 0 && messageStart && FieldFollows())
                {
                    context.Defect(continuation ? "folded line that continues no header field skipped" : "header line without a colon skipped");
                    Store(headers, name, value);
                    name = null;
                    value = null; // its folded lines are skipped with it
                    continue;
                }
                if (colon < 0)
                {
                    context.Defect("header line without a colon: the body starts there");
                    lines.Unread();
                    end = HeaderEnd.BodyLine;
                    break;
                }
                Store(headers, name, value);
                if (total >= MaxHeaderBytes)
                {
                    if (total - len < MaxHeaderBytes) context.Defect("header block over 4 MB: the rest of it is ignored");
                    name = null;
                    value = null;
                    continue;
                }
                name = System.Text.Encoding.ASCII.GetString(buf, off, colon).TrimEnd(' ', '\t');
                value = new MemoryStream();
                var valueStart = colon + 1;
                value.Write(buf, off + valueStart, len - valueStart);
            }
            Store(headers, name, value);
            return headers;
        }

        /// <summary>
        /// Whether the next line that is not folded onto the current one is a header field: then the current line is a
        /// broken line inside the header block, not the first line of a body that lacks its blank line.
        /// </summary>
        private bool FieldFollows()
        {
            var field = false;
            lines.Peek((buf, off, len) =>
            {
                if (len > 0 && (buf[off] == ' ' || buf[off] == '\t')) return true;
                if (len == 0 || boundaries.Match(buf, off, len).Level >= 0) return false;
                var line = WithoutNul(buf, off, len);
                field = FieldNameEnd(line, 0, line.Length) >= 0;
                return false;
            });
            return field;
        }

        private static byte[] WithoutNul(byte[] buf, int off, int len)
        {
            var kept = new byte[len];
            var n = 0;
            for (var i = off; i < off + len; i++)
                if (buf[i] != 0) kept[n++] = buf[i];
            Array.Resize(ref kept, n);
            return kept;
        }

        private static void WriteWithoutNul(MemoryStream value, byte[] buf, int off, int len)
        {
            if (Array.IndexOf(buf, (byte)0, off, len) < 0) { value.Write(buf, off, len); return; }
            var kept = WithoutNul(buf, off, len);
            value.Write(kept, 0, kept.Length);
        }

        private void Store(HeaderList headers, string? name, MemoryStream? value)
        {
            if (name == null || value == null) return;
            var cost = value.Length + name.Length + 64;
            if (context.HeaderBytesKept + cost > ParseContext.MaxHeaderBytesPerMessage)
            {
                if (context.HeaderBytesKept <= ParseContext.MaxHeaderBytesPerMessage)
                    context.Defect("header fields over 32 MB in all: the rest are ignored");
                context.HeaderBytesKept = ParseContext.MaxHeaderBytesPerMessage + 1;
                return;
            }
            context.HeaderBytesKept += cost;
            headers.Add(new RawHeader(name, Trim(value.ToArray())));
        }

        private static byte[] Trim(byte[] v)
        {
            var s = 0;
            var e = v.Length;
            while (s < e && (v[s] == ' ' || v[s] == '\t')) s++;
            while (e > s && v[e - 1] == '\r') e--; // trailing blanks are text (Python keeps them too)
            if (s == 0 && e == v.Length) return v;
            var r = new byte[e - s];
            System.Array.Copy(v, s, r, 0, r.Length);
            return r;
        }

        private static bool IsBlank(byte[] buf, int off, int len)
        {
            for (var i = off; i < off + len; i++)
                if (buf[i] != ' ' && buf[i] != '\t') return false;
            return true;
        }

        /// <summary>Index of the colon after a field name (printable ASCII, obsolete trailing blanks allowed), or -1.</summary>
        private static int FieldNameEnd(byte[] buf, int off, int len)
        {
            var blanks = false;
            for (var i = 0; i < len; i++)
            {
                var c = buf[off + i];
                if (c == ':') return i == 0 ? -1 : i;
                if (c == ' ' || c == '\t') { blanks = true; continue; }
                if (c < 33 || c > 126 || blanks) return -1;
            }
            return -1;
        }
    }
}
