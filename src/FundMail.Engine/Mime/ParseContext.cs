using System.Collections.Generic;
using System.Text;

namespace FundMail.Mime
{
    /// <summary>State shared by one parse: options, the defect list, text decoding and the files written so far.</summary>
    internal sealed class ParseContext
    {
        /// <summary>Parts beyond this many are skipped (the raw message still holds them): hostile mail cannot exhaust memory or disk.</summary>
        internal const int MaxParts = 2000;

        /// <summary>Header bytes kept over all parts of one message, for the same reason.</summary>
        internal const long MaxHeaderBytesPerMessage = 32L * 1024 * 1024;

        internal ParseContext(MimeParseOptions options)
        {
            Options = options;
            Encoding fallback;
            try { fallback = Charsets.ForCodePage(options.FallbackCodePage); }
            catch (System.Exception) { fallback = Charsets.ForCodePage(949); Defects.Add($"fallback code page {options.FallbackCodePage} unavailable, 949 used"); }
            Decoding = new TextDecoding(fallback, Defects);
        }

        internal MimeParseOptions Options { get; }
        internal List<string> Defects { get; } = new List<string>();
        internal TextDecoding Decoding { get; }
        internal List<string> WrittenFiles { get; } = new List<string>();
        internal int PartCount { get; set; }
        internal long HeaderBytesKept { get; set; }

        /// <summary>Bytes of parts held in memory so far (bounded by <see cref="PartFile.MemoryPerMessage"/>).</summary>
        internal long PartMemory { get; set; }

        /// <summary>0 for the received mail, 1 for a message attached to it, and so on.</summary>
        internal int EmbeddedLevel { get; set; }

        internal void Defect(string text)
        {
            if (Defects.Count < 200) Defects.Add(text);
            else if (Defects.Count == 200) Defects.Add("more defects not recorded");
        }
    }
}
