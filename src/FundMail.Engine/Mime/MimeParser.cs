using System;
using System.IO;
using FundMail.Util;

namespace FundMail.Mime
{
    /// <summary>
    /// FundMail's own streaming MIME parser. One pass over the raw file: the raw SHA-256 is computed,
    /// the structure parsed and every part decoded to a file in <see cref="MimeParseOptions.AttachmentDirectory"/>.
    /// Malformed mail never throws: whatever could be read is returned, with defects.
    /// When Message-ID is missing, <see cref="MailMessage.EmailId"/> is "&lt;{sha256 of the raw bytes}@fundmail&gt;".
    /// </summary>
    public sealed class MimeParser : IMimeParser
    {
        public MailMessage Parse(string rawPath, MimeParseOptions options) => Parse(rawPath, options, 0);

        /// <summary><paramref name="embeddedLevel"/>: 0 for a received mail, n for a message attached n levels deep.</summary>
        internal static MailMessage Parse(string rawPath, MimeParseOptions options, int embeddedLevel)
        {
            if (rawPath == null) throw new ArgumentNullException(nameof(rawPath));
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (options.MaxDepth < 1 || options.MaxDepth > 256) throw new ArgumentOutOfRangeException(nameof(options), "MaxDepth must be between 1 and 256");
            try { Directory.CreateDirectory(options.AttachmentDirectory); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw new MimeException($"attachment directory '{options.AttachmentDirectory}' cannot be created: {e.Message}", e);
            }

            var mail = new MailMessage { RawPath = rawPath };
            var context = new ParseContext(options) { EmbeddedLevel = embeddedLevel };
            HashingReadStream input; // no FileStream buffer: the line reader reads 64 KB at a time itself
            try { input = new HashingReadStream(UncachedFile.OpenRead(rawPath)); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw new MimeException($"raw message '{rawPath}' cannot be read: {e.Message}", e);
            }

            using (input)
            {
                try
                {
                    var root = new StructureParser(input, context).Parse();
                    var assembler = new MailAssembler(context);
                    assembler.ReadHeaders(root.Headers, mail);
                    assembler.ReadBodies(root, mail);
                }
                catch (IOException e)
                {
                    foreach (var file in context.WrittenFiles) MailAssembler.TryDelete(file);
                    throw new MimeException($"parsing '{rawPath}' failed on file access: {e.Message}", e);
                }
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    // A parser bug must not lose the mail: keep what was read, the raw file and the reason.
                    context.Defect($"parser failure ({e.GetType().Name}): {e.Message}");
                    var kept = new System.Collections.Generic.HashSet<string>(mail.Attachments.ConvertAll(a => a.ContentPath));
                    foreach (var file in context.WrittenFiles)
                        if (!kept.Contains(file)) MailAssembler.TryDelete(file);
                }
                try { mail.RawSha256 = input.Finish(out var size); mail.RawSize = size; }
                catch (IOException e) { throw new MimeException($"raw message '{rawPath}' cannot be read: {e.Message}", e); }
            }
            mail.EmailId = mail.MessageId ?? "<" + mail.RawSha256 + "@fundmail>";
            var seen = new System.Collections.Generic.HashSet<string>();
            foreach (var defect in context.Defects)
                if (seen.Add(defect)) mail.Defects.Add(defect); // one line per kind of problem, in order
            return mail;
        }
    }
}
