using System.Collections.Generic;
using System.IO;
using System.Text;

namespace FundMail.Mime
{
    /// <summary>
    /// Turns a parsed MIME tree into a <see cref="MailMessage"/>: envelope headers decoded, the text
    /// and HTML bodies chosen and read as strings, every other leaf made an attachment.
    /// </summary>
    internal sealed class MailAssembler
    {
        private readonly ParseContext context;

        internal MailAssembler(ParseContext context) => this.context = context;

        internal void ReadHeaders(HeaderList headers, MailMessage mail)
        {
            var decoding = context.Decoding;
            foreach (var name in new[] { "From", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version" })
                if (headers.Count(name) > 1) context.Defect($"{headers.Count(name)} {name} headers, first used");
            var subject = headers.Text("Subject", decoding);
            mail.Subject = subject == null ? null : EncodedWords.Decode(subject, decoding);
            var from = AddressParser.Parse(headers.Text("From", decoding), decoding);
            if (from.Count == 0) from = AddressParser.Parse(headers.Text("Sender", decoding), decoding);
            mail.From = from.Count > 0 ? from[0] : null;
            mail.To = AllAddresses(headers, "To");
            mail.Cc = AllAddresses(headers, "Cc");
            mail.SentTime = DateParser.Parse(headers.Text("Date", decoding), context.Defects);
            var id = headers.Text("Message-ID", decoding)?.Trim();
            mail.MessageId = string.IsNullOrEmpty(id) ? null : id;
        }

        private List<EmailAddress> AllAddresses(HeaderList headers, string name)
        {
            var list = new List<EmailAddress>();
            foreach (var f in headers.Fields)
                if (string.Equals(f.Name, name, System.StringComparison.OrdinalIgnoreCase))
                    list.AddRange(AddressParser.Parse(context.Decoding.Undeclared(f.Value, 0, f.Value.Length, name + " header"), context.Decoding));
            return list;
        }

        internal void ReadBodies(MimeEntity root, MailMessage mail)
        {
            var plain = Usable(BodySelector.Find(root, "plain"));
            var html = Usable(BodySelector.Find(root, "html"));
            if (html != null) mail.BodyHtml = ReadText(html);
            if (plain != null) mail.BodyText = ReadText(plain);
            else if (mail.BodyHtml != null) mail.BodyText = HtmlToText.Convert(mail.BodyHtml);

            foreach (var leaf in root.Leaves())
            {
                if (leaf.Content == null) continue;
                if (leaf == plain || leaf == html)
                {
                    leaf.Content.Delete();
                    continue;
                }
                var attachment = ToAttachment(leaf);
                mail.Attachments.Add(attachment);
                if (EmbeddedMessages.IsMessage(attachment)) EmbeddedMessages.Describe(attachment, context);
                else if (TnefReader.IsTnef(attachment))
                    mail.Attachments.AddRange(new TnefReader(context).Extract(attachment));
            }
        }

        private MimeEntity? Usable(MimeEntity? part)
        {
            if (part == null || part.Size <= context.Options.MaxBodyBytes) return part;
            context.Defect($"part {part.Path}: text body of {part.Size} bytes is over the {context.Options.MaxBodyBytes}-byte limit, kept as an attachment");
            return null;
        }

        private string ReadText(MimeEntity part)
        {
            var bytes = part.Content!.ReadAll();
            var text = context.Decoding.Decode(bytes, part.Charset, "part " + (part.Path.Length == 0 ? "message" : part.Path) + " text");
            return text.IndexOf('\r') < 0 ? text : text.Replace("\r\n", "\n").Replace('\r', '\n');
        }

        private MailAttachment ToAttachment(MimeEntity leaf)
        {
            var fromDisposition = leaf.Disposition.Get("filename") != null;
            var name = fromDisposition ? leaf.Disposition.Get("filename") : leaf.TypeParameters.Get("name");
            var raw = fromDisposition ? leaf.Disposition.GetRaw("filename") : leaf.TypeParameters.GetRaw("name");
            var contentId = BodySelector.ContentId(leaf);
            return new MailAttachment
            {
                FileName = string.IsNullOrEmpty(name) ? null : name,
                OriginalFileName = raw,
                ContentType = leaf.ContentType,
                Size = leaf.Size,
                Sha256 = leaf.Sha256,
                IsInline = leaf.Disposition.Value == "inline" || (leaf.Disposition.Value.Length == 0 && contentId != null),
                ContentId = contentId,
                PartPath = leaf.Path.Length == 0 ? "1" : leaf.Path,
                ContentPath = leaf.Content!.Persist(),
            };
        }

        internal static void TryDelete(string path)
        {
            try { File.Delete(path); }
            catch (IOException) { }
            catch (System.UnauthorizedAccessException) { }
        }
    }
}
