using System.IO;

namespace FundMail.Mime
{
    /// <summary>
    /// Streams a message into a <see cref="MimeEntity"/> tree: multiparts by their boundary stack
    /// (preamble and epilogue skipped, a missing close boundary tolerated), leaves decoded into files
    /// as they pass. Memory stays at one line buffer whatever the part sizes.
    /// </summary>
    internal sealed class StructureParser
    {
        private readonly LineReader lines;
        private readonly BoundaryStack boundaries = new BoundaryStack();
        private readonly HeaderReader headerReader;
        private readonly ParseContext context;
        private readonly LeafWriter leafWriter;

        internal StructureParser(Stream input, ParseContext context)
        {
            this.context = context;
            lines = new LineReader(input);
            headerReader = new HeaderReader(lines, boundaries, context);
            leafWriter = new LeafWriter(lines, boundaries, context);
        }

        internal MimeEntity Parse()
        {
            var root = ParseEntity(0, "", "text/plain", out _);
            return root;
        }

        private MimeEntity ParseEntity(int depth, string path, string defaultType, out BoundaryHit hit)
        {
            var headers = headerReader.Read(depth == 0 && path.Length == 0, out var end, out hit);
            var entity = new MimeEntity(headers, path);
            Describe(entity, defaultType);
            if (end == HeaderEnd.Boundary)
            {
                if (entity.ContentType.StartsWith("multipart/", System.StringComparison.Ordinal))
                {
                    context.Defect($"part {Name(path)}: {entity.ContentType} ends before its first part");
                    entity.Children = new System.Collections.Generic.List<MimeEntity>();
                }
                else leafWriter.WriteEmpty(entity);
                return entity;
            }
            if (end == HeaderEnd.EndOfInput && path.Length == 0 && headers.Fields.Count == 0)
                context.Defect("empty message");
            if (entity.ContentType.StartsWith("multipart/", System.StringComparison.Ordinal))
            {
                var boundary = entity.TypeParameters.Get("boundary");
                if (depth >= context.Options.MaxDepth) // kept whole as an attachment of its multipart type
                    context.Defect($"part {Name(path)}: nesting deeper than {context.Options.MaxDepth}, kept unparsed");
                else if (string.IsNullOrEmpty(boundary))
                {
                    context.Defect($"part {Name(path)}: {entity.ContentType} without a boundary, read as text");
                    entity.ContentType = "text/plain";
                }
                else
                {
                    hit = ParseMultipart(entity, boundary!, depth);
                    return entity;
                }
            }
            hit = leafWriter.Write(entity);
            return entity;
        }

        private BoundaryHit ParseMultipart(MimeEntity entity, string boundary, int depth)
        {
            boundaries.Push(boundary);
            var level = boundaries.Count - 1;
            // The preamble is kept aside: if no part follows, it is the only content there is.
            var preamble = new MimeEntity(new HeaderList(), entity.Path);
            var hit = leafWriter.Write(preamble);
            entity.Children = new System.Collections.Generic.List<MimeEntity>();
            var childType = entity.ContentType == "multipart/digest" ? "message/rfc822" : "text/plain";
            while (hit.Level == level && !hit.Close)
            {
                if (++context.PartCount > ParseContext.MaxParts)
                {
                    if (context.PartCount == ParseContext.MaxParts + 1) context.Defect($"more than {ParseContext.MaxParts} parts: the rest are skipped");
                    hit = leafWriter.Skip();
                    continue;
                }
                var childPath = entity.Path.Length == 0 ? (entity.Children.Count + 1).ToString() : entity.Path + "." + (entity.Children.Count + 1);
                entity.Children.Add(ParseEntity(depth + 1, childPath, childType, out hit));
            }
            boundaries.Pop();
            if (hit.Level == level) // closed properly: skip the epilogue up to an outer boundary
            {
                hit = leafWriter.Skip();
            }
            else context.Defect($"part {Name(entity.Path)}: {entity.ContentType} has no closing boundary");

            if (entity.Children.Count == 0)
            {
                context.Defect($"part {Name(entity.Path)}: {entity.ContentType} has no parts (boundary not found), read as text");
                entity.Children = null;
                entity.ContentType = "text/plain";
                entity.Content = preamble.Content;
                entity.Size = preamble.Size;
                entity.Sha256 = preamble.Sha256;
            }
            else leafWriter.Discard(preamble);
            return hit;
        }

        private static string Name(string path) => path.Length == 0 ? "message" : path;

        private void Describe(MimeEntity entity, string defaultType)
        {
            var h = entity.Headers;
            if (h.Count("Content-Type") > 1) context.Defect($"part {Name(entity.Path)}: {h.Count("Content-Type")} Content-Type headers, first used");
            var type = HeaderParameters.Parse(h.Text("Content-Type", context.Decoding), context.Decoding);
            var value = type.Value;
            var slash = value.IndexOf('/');
            if (slash <= 0 || slash == value.Length - 1 || value.IndexOf(' ') >= 0)
            {
                if (h.First("Content-Type") != null) context.Defect($"part {Name(entity.Path)}: unusable Content-Type '{value}', {defaultType} assumed");
                entity.ContentType = defaultType;
            }
            else entity.ContentType = value;
            entity.TypeParameters = type;
            entity.Disposition = HeaderParameters.Parse(h.Text("Content-Disposition", context.Decoding), context.Decoding);
        }
    }
}
