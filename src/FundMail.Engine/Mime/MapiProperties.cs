using System;
using System.IO;
using System.Text;

namespace FundMail.Mime
{
    /// <summary>
    /// The MAPI property list of a TNEF attAttachment attribute ([MS-OXTNEF] 2.1.3.4): reads names,
    /// MIME type and content id, and streams PR_ATTACH_DATA_BIN to a file. Unknown properties are skipped.
    /// </summary>
    internal sealed class MapiProperties
    {
        private const ushort PtString8 = 0x001E, PtUnicode = 0x001F, PtBinary = 0x0102, PtObject = 0x000D;
        private const ushort PrAttachDataBin = 0x3701, PrAttachFilename = 0x3704, PrAttachLongFilename = 0x3707;
        private const ushort PrAttachMimeTag = 0x370E, PrAttachContentId = 0x3712, PrDisplayName = 0x3001;
        private const int MaxStringBytes = 64 * 1024;

        private readonly Stream stream;
        private readonly BinaryReader reader;
        private readonly long end;
        private readonly Encoding oem;
        private readonly ParseContext context;

        internal MapiProperties(Stream stream, BinaryReader reader, long end, Encoding oem, ParseContext context)
        {
            this.stream = stream;
            this.reader = reader;
            this.end = end;
            this.oem = oem;
            this.context = context;
        }

        internal void Read(TnefAttachment target, Func<Stream, long, PartFile> copy)
        {
            var count = reader.ReadUInt32();
            string? displayName = null;
            string? shortName = null;
            for (var i = 0; i < count && stream.Position < end; i++)
            {
                var type = reader.ReadUInt16();
                var id = reader.ReadUInt16();
                if (id >= 0x8000) SkipName();
                var multi = (type & 0x1000) != 0;
                type = (ushort)(type & 0x0FFF);
                var values = multi || IsVariable(type) ? reader.ReadUInt32() : 1;
                for (var v = 0; v < values && stream.Position < end; v++)
                {
                    if (!IsVariable(type)) { Skip(FixedSize(type)); continue; }
                    var length = reader.ReadUInt32();
                    if (length > end - stream.Position) { context.Defect("winmail.dat: MAPI property runs past its attribute"); return; }
                    var next = stream.Position + length + Pad(length);
                    if (type == PtObject && id == PrAttachDataBin) target.EmbeddedMessage = true;
                    else if (type == PtBinary && id == PrAttachDataBin && target.Data == null) target.Data = copy(stream, length);
                    else if ((type == PtString8 || type == PtUnicode) && length <= MaxStringBytes)
                    {
                        var bytes = reader.ReadBytes((int)length);
                        var text = TnefReader.TrimNul(type == PtUnicode ? Encoding.Unicode.GetString(bytes) : oem.GetString(bytes));
                        if (id == PrAttachLongFilename) target.LongName = text;
                        else if (id == PrAttachFilename) shortName = text;
                        else if (id == PrDisplayName) displayName = text;
                        else if (id == PrAttachMimeTag) target.MimeType = text?.ToLowerInvariant();
                        else if (id == PrAttachContentId) target.ContentId = text?.Trim('<', '>');
                    }
                    stream.Position = next;
                }
            }
            target.LongName ??= shortName ?? (target.Title == null ? displayName : null);
        }

        private static bool IsVariable(ushort type) => type == PtString8 || type == PtUnicode || type == PtBinary || type == PtObject;

        private static int FixedSize(ushort type)
        {
            switch (type)
            {
                case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0040: return 8;
                case 0x0048: return 16;
                default: return 4; // 16-bit values and booleans are padded to 4 bytes
            }
        }

        private static long Pad(uint length) => (4 - length % 4) % 4;

        private void Skip(long n) => stream.Position += n;

        private void SkipName()
        {
            Skip(16); // property set GUID
            var kind = reader.ReadUInt32();
            if (kind == 0) Skip(4);
            else
            {
                var size = reader.ReadUInt32();
                Skip(size + Pad(size));
            }
        }
    }
}
