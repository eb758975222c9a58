using System;
using System.IO;

namespace FundMail.Mime
{
    /// <summary>
    /// Copies a leaf part's body from the line stream into a <see cref="PartFile"/>, undoing its
    /// Content-Transfer-Encoding on the way, and stops at the first line matching an open boundary.
    /// The line break before a boundary belongs to the boundary (RFC 2046), so it is held back one line.
    /// </summary>
    internal sealed class LeafWriter
    {
        private readonly LineReader lines;
        private readonly BoundaryStack boundaries;
        private readonly ParseContext context;
        private Base64Decoder? base64Decoder;
        private QuotedPrintableDecoder? qpDecoder;

        internal LeafWriter(LineReader lines, BoundaryStack boundaries, ParseContext context)
        {
            this.lines = lines;
            this.boundaries = boundaries;
            this.context = context;
        }

        internal BoundaryHit Skip() => Copy(Stream.Null, "7bit", "");

        internal void WriteEmpty(MimeEntity entity)
        {
            using (var file = Open(entity))
                Finish(entity, file);
        }

        internal void Discard(MimeEntity entity)
        {
            entity.Content?.Delete();
            entity.Content = null;
        }

        internal BoundaryHit Write(MimeEntity entity)
        {
            var encoding = (entity.Headers.Text("Content-Transfer-Encoding", context.Decoding) ?? "7bit");
            encoding = Comments.Strip(encoding).Trim().ToLowerInvariant();
            using (var file = Open(entity))
            {
                var hit = Copy(file, encoding, entity.Path);
                Finish(entity, file);
                return hit;
            }
        }

        private PartFile Open(MimeEntity entity)
        {
            var file = new PartFile(context);
            entity.Content = file;
            return file;
        }

        private static void Finish(MimeEntity entity, PartFile file)
        {
            file.Complete();
            entity.Size = file.Size;
            entity.Sha256 = file.Sha256;
        }

        private BoundaryHit Copy(Stream sink, string encoding, string path)
        {
            Base64Decoder? base64 = null;
            QuotedPrintableDecoder? qp = null;
            if (encoding == "base64") (base64 = base64Decoder ??= new Base64Decoder()).Reset();
            else if (encoding == "quoted-printable") (qp = qpDecoder ??= new QuotedPrintableDecoder()).Reset();
            else if (encoding != "7bit" && encoding != "8bit" && encoding != "binary" && encoding.Length > 0)
                context.Defect($"part {Where(path)}: unknown Content-Transfer-Encoding '{encoding}', kept as is");

            byte[]? pendingEol = null;
            var hit = BoundaryHit.None;
            while (lines.Read())
            {
                var buf = lines.Buffer;
                var off = lines.Offset;
                var len = lines.Length;
                if (lines.AtLineStart)
                {
                    hit = boundaries.Match(buf, off, len);
                    if (hit.Level >= 0) break;
                }
                if (pendingEol != null && base64 == null) sink.Write(pendingEol, 0, pendingEol.Length);
                pendingEol = null;
                if (base64 != null) base64.Write(buf, off, len, sink);
                else if (qp != null)
                {
                    if (!qp.WriteLine(buf, off, len, lines.EolLength > 0, sink) && lines.EolLength > 0) pendingEol = lines.Eol;
                }
                else
                {
                    sink.Write(buf, off, len);
                    if (lines.EolLength > 0) pendingEol = lines.Eol;
                }
            }
            // At the end of input the last line break is content, unless a multipart is still open:
            // then it belongs to the close boundary that never came.
            if (hit.Level < 0 && pendingEol != null && boundaries.Count == 0) sink.Write(pendingEol, 0, pendingEol.Length);
            if (base64 != null)
            {
                base64.Finish(sink);
                if (base64.InvalidCharacters > 0) context.Defect($"part {Where(path)}: {base64.InvalidCharacters} invalid base64 characters skipped");
                if (base64.DroppedTrailingCharacter) context.Defect($"part {Where(path)}: base64 ends with a lone character, dropped");
            }
            if (qp != null && qp.MalformedEscapes > 0) context.Defect($"part {Where(path)}: {qp.MalformedEscapes} malformed quoted-printable escapes kept literally");
            return hit;
        }

        private static string Where(string path) => path.Length == 0 ? "message" : path;
    }
}
