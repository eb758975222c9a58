using System;
using System.Collections.Generic;

namespace FundMail.Mime
{
    /// <summary>
    /// One received mail as FundMail stores it. Built by <see cref="IMimeParser"/>; a mail that could
    /// not be parsed still yields one of these with what was read and its <see cref="Defects"/>.
    /// Uid, UidValidity and ReceivedTime come from IMAP and are set by the caller.
    /// </summary>
    public sealed class MailMessage
    {
        /// <summary>Message-ID when present, else "&lt;sha256-of-raw-bytes@fundmail&gt;": stable for identical bytes.</summary>
        public string EmailId { get; set; } = "";

        /// <summary>The Message-ID header as written (angle brackets kept), or null when missing.</summary>
        public string? MessageId { get; set; }

        public EmailAddress? From { get; set; }
        public List<EmailAddress> To { get; set; } = new List<EmailAddress>();
        public List<EmailAddress> Cc { get; set; } = new List<EmailAddress>();
        public string? Subject { get; set; }

        /// <summary>From the Date header; null when missing or unreadable.</summary>
        public DateTimeOffset? SentTime { get; set; }

        /// <summary>IMAP INTERNALDATE, set by the caller.</summary>
        public DateTimeOffset? ReceivedTime { get; set; }

        /// <summary>text/plain body, else the HTML body as readable text; LF line endings; null when neither.</summary>
        public string? BodyText { get; set; }

        public string? BodyHtml { get; set; }
        public List<MailAttachment> Attachments { get; set; } = new List<MailAttachment>();

        /// <summary>The raw message file the parse read (kept so the raw bytes are always storable).</summary>
        public string RawPath { get; set; } = "";

        public long RawSize { get; set; }
        public string RawSha256 { get; set; } = "";
        public uint Uid { get; set; }
        public uint UidValidity { get; set; }
        public List<string> Defects { get; set; } = new List<string>();

        public override string ToString()
        {
            var sent = SentTime?.ToString("yyyy-MM-dd HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) ?? "no date";
            return $"{EmailId} | {From?.ToString() ?? "(no sender)"} | {Subject ?? "(no subject)"} | {sent} | " +
                   $"{Attachments.Count} attachment(s), {RawSize} bytes{(Defects.Count > 0 ? $", {Defects.Count} defect(s)" : "")}";
        }
    }
}
