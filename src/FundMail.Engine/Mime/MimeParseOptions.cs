using System.IO;

namespace FundMail.Mime
{
    public sealed class MimeParseOptions
    {
        /// <summary>Where decoded attachment files are written (created if missing). Default: a FundMail folder under the temp path.</summary>
        public string AttachmentDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "FundMail", "parts");

        /// <summary>Code page for undeclared 8-bit text and unknown charsets. Default 949 (Korean users).</summary>
        public int FallbackCodePage { get; set; } = 949;

        /// <summary>Deepest multipart nesting parsed; deeper content is kept as one opaque part, with a defect.</summary>
        public int MaxDepth { get; set; } = 32;

        /// <summary>A text body larger than this stays an attachment (with a defect) instead of a string.</summary>
        public long MaxBodyBytes { get; set; } = 8 * 1024 * 1024;
    }
}
