using System;
using System.IO;
using System.Text;
using FundMail.Mime;

namespace FundMail.Tests.Mime
{
    /// <summary>A throwaway directory for raw files and decoded parts, deleted on dispose.</summary>
    internal sealed class TempParse : IDisposable
    {
        internal TempParse()
        {
            Root = Path.Combine(Path.GetTempPath(), "fundmail-mime-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
            Options = new MimeParseOptions { AttachmentDirectory = Path.Combine(Root, "parts") };
        }

        internal string Root { get; }
        internal MimeParseOptions Options { get; }

        internal MailMessage ParseFile(string path) => new MimeParser().Parse(path, Options);

        internal MailMessage ParseBytes(byte[] raw)
        {
            var path = Path.Combine(Root, Guid.NewGuid().ToString("N") + ".eml");
            File.WriteAllBytes(path, raw);
            return ParseFile(path);
        }

        /// <summary>Parses text written with CRLF line ends (write "\n" in the test source).</summary>
        internal MailMessage ParseText(string text, Encoding? encoding = null) =>
            ParseBytes((encoding ?? Encoding.UTF8).GetBytes(text.Replace("\r\n", "\n").Replace("\n", "\r\n")));

        internal int PartFileCount => Directory.Exists(Options.AttachmentDirectory) ? Directory.GetFiles(Options.AttachmentDirectory).Length : 0;

        public void Dispose()
        {
            try { Directory.Delete(Root, true); }
            catch (IOException) { }
        }
    }
}
