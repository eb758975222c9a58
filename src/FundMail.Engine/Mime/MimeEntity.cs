using System.Collections.Generic;

namespace FundMail.Mime
{
    /// <summary>One node of the parsed MIME tree. Leaves have their decoded bytes in a file.</summary>
    internal sealed class MimeEntity
    {
        internal MimeEntity(HeaderList headers, string path)
        {
            Headers = headers;
            Path = path;
        }

        internal HeaderList Headers { get; }

        /// <summary>"1", "2.1" ...; empty for the message itself.</summary>
        internal string Path { get; }

        /// <summary>Lower-case "type/subtype"; defaults per RFC 2045/2046 when missing or unusable.</summary>
        internal string ContentType { get; set; } = "text/plain";

        internal HeaderParameters TypeParameters { get; set; } = HeaderParameters.Empty;
        internal HeaderParameters Disposition { get; set; } = HeaderParameters.Empty;

        /// <summary>Children of a multipart; null for a leaf.</summary>
        internal List<MimeEntity>? Children { get; set; }

        internal PartFile? Content { get; set; }
        internal long Size { get; set; }
        internal string Sha256 { get; set; } = "";

        internal bool IsAttachmentDisposition => Disposition.Value == "attachment";
        internal string? Charset => TypeParameters.Get("charset");

        internal IEnumerable<MimeEntity> Leaves()
        {
            if (Children == null) { yield return this; yield break; }
            foreach (var child in Children)
                foreach (var leaf in child.Leaves())
                    yield return leaf;
        }
    }
}
