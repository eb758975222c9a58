namespace FundMail.Mime
{
    /// <summary>
    /// One attachment (every leaf part that is not the chosen text or HTML body, plus files unpacked
    /// from winmail.dat). Its decoded bytes sit in <see cref="ContentPath"/>, a file in the parse's
    /// attachment directory that the caller moves or deletes.
    /// </summary>
    public sealed class MailAttachment
    {
        /// <summary>Decoded file name as sent (not sanitised: may hold "../" or "C:\"), or null when the part had none.</summary>
        public string? FileName { get; set; }

        /// <summary>The name parameter as written in the header (encoded words / RFC 2231 not decoded), or null.</summary>
        public string? OriginalFileName { get; set; }

        public string ContentType { get; set; } = "application/octet-stream";
        public long Size { get; set; }

        /// <summary>SHA-256 of the decoded bytes, lower-case hex.</summary>
        public string Sha256 { get; set; } = "";

        /// <summary>Content-Disposition inline, or no disposition but a Content-ID.</summary>
        public bool IsInline { get; set; }

        /// <summary>Content-ID without angle brackets, or null.</summary>
        public string? ContentId { get; set; }

        /// <summary>MIME part path ("2.1"); TNEF members get the winmail.dat path plus ".tnef" and an index.</summary>
        public string PartPath { get; set; } = "";

        /// <summary>
        /// The decoded bytes, in the parse's attachment directory (the caller moves or deletes it). Empty for
        /// the attachments listed in an <see cref="Embedded"/> message: those bytes stay inside its .eml.
        /// </summary>
        public string ContentPath { get; set; } = "";

        /// <summary>For an attached message (message/rfc822): what it holds, read from <see cref="ContentPath"/>; else null.</summary>
        public MailMessage? Embedded { get; set; }

        public override string ToString() =>
            $"{FileName ?? "(unnamed)"} [{ContentType}, {Size} bytes{(IsInline ? ", inline" : "")}]";
    }
}
