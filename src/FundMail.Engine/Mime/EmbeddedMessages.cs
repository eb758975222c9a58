using System;
using System.IO;

namespace FundMail.Mime
{
    /// <summary>
    /// Reads an attached message (message/rfc822, message/global) into <see cref="MailAttachment.Embedded"/>:
    /// its envelope, bodies and attachment list, so a forwarded mail is searchable. Its attachments are only
    /// described (name, type, size, SHA-256): their bytes stay inside the .eml attachment, so each
    /// <see cref="MailAttachment.ContentPath"/> there is empty. Nesting and size are bounded, since every
    /// level re-reads its file.
    /// </summary>
    internal static class EmbeddedMessages
    {
        internal const int MaxLevels = 4;
        internal const long MaxBytes = 64L * 1024 * 1024;

        internal static bool IsMessage(MailAttachment a) => a.ContentType == "message/rfc822" || a.ContentType == "message/global";

        internal static void Describe(MailAttachment attachment, ParseContext context)
        {
            if (context.EmbeddedLevel >= MaxLevels || attachment.Size > MaxBytes)
            {
                context.Defect($"part {attachment.PartPath}: attached message not read (nested over {MaxLevels} levels or over {MaxBytes} bytes)");
                return;
            }
            var scratch = Path.Combine(context.Options.AttachmentDirectory, "embedded-" + Guid.NewGuid().ToString("N"));
            var options = new MimeParseOptions
            {
                AttachmentDirectory = scratch,
                FallbackCodePage = context.Options.FallbackCodePage,
                MaxDepth = context.Options.MaxDepth,
                MaxBodyBytes = context.Options.MaxBodyBytes,
            };
            try
            {
                var embedded = MimeParser.Parse(attachment.ContentPath, options, context.EmbeddedLevel + 1);
                foreach (var inner in embedded.Attachments) inner.ContentPath = "";
                attachment.Embedded = embedded;
            }
            finally
            {
                try { Directory.Delete(scratch, true); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }
}
