using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace FundMail.Mime
{
    /// <summary>
    /// Unpacks the files inside an Outlook winmail.dat (TNEF, [MS-OXTNEF]) into attachments of their
    /// own, streaming each one to a file. The long file name from the MAPI properties is preferred over
    /// the 8.3 attAttachTitle. Embedded MAPI messages are left inside winmail.dat (kept verbatim), with a defect.
    /// </summary>
    internal sealed class TnefReader
    {
        private const uint Signature = 0x223E9F78;
        private const uint AttAttachRenddata = 0x00069002;
        private const uint AttAttachTitle = 0x00018010;
        private const uint AttAttachData = 0x0006800F;
        private const uint AttAttachment = 0x00069005;
        private const uint AttOemCodepage = 0x00069007;
        private const byte LevelAttachment = 2;

        private readonly ParseContext context;
        private Encoding oem = Charsets.ForCodePage(1252);

        internal TnefReader(ParseContext context) => this.context = context;

        internal static bool IsTnef(MailAttachment a) =>
            a.ContentType == "application/ms-tnef" || a.ContentType == "application/vnd.ms-tnef" ||
            string.Equals(a.FileName, "winmail.dat", StringComparison.OrdinalIgnoreCase);

        internal List<MailAttachment> Extract(MailAttachment winmail)
        {
            var result = new List<MailAttachment>();
            var pending = new List<TnefAttachment>();
            try
            {
                using (var stream = new FileStream(winmail.ContentPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024))
                {
                    var reader = new BinaryReader(stream);
                    if (stream.Length < 6 || reader.ReadUInt32() != Signature)
                    {
                        context.Defect($"part {winmail.PartPath}: winmail.dat is not TNEF, kept as is");
                        return result;
                    }
                    reader.ReadUInt16(); // legacy key
                    ReadAttributes(stream, reader, pending, winmail.PartPath);
                }
            }
            catch (EndOfStreamException) { context.Defect($"part {winmail.PartPath}: winmail.dat is truncated"); }
            finally
            {
                foreach (var a in pending) a.Close();
            }
            var index = 0;
            foreach (var a in pending)
            {
                index++;
                if (a.Data == null)
                {
                    if (a.EmbeddedMessage) context.Defect($"part {winmail.PartPath}: embedded message #{index} in winmail.dat not unpacked (kept inside winmail.dat)");
                    continue;
                }
                result.Add(new MailAttachment
                {
                    FileName = a.LongName ?? a.Title,
                    OriginalFileName = a.Title,
                    ContentType = a.MimeType ?? MediaTypes.ForFileName(a.LongName ?? a.Title),
                    Size = a.Data.Size,
                    Sha256 = a.Data.Sha256,
                    ContentId = a.ContentId,
                    IsInline = a.ContentId != null,
                    PartPath = winmail.PartPath + ".tnef." + index,
                    ContentPath = a.Data.Persist(),
                });
            }
            return result;
        }

        private void ReadAttributes(FileStream stream, BinaryReader reader, List<TnefAttachment> attachments, string where)
        {
            TnefAttachment? current = null;
            while (stream.Position < stream.Length)
            {
                var level = reader.ReadByte();
                var id = reader.ReadUInt32();
                var length = reader.ReadUInt32();
                var start = stream.Position;
                if (length > stream.Length - start)
                {
                    context.Defect($"part {where}: winmail.dat attribute 0x{id:X8} runs past the end");
                    return;
                }
                var end = start + length;
                if (id == AttOemCodepage && length >= 4) oem = OemEncoding(reader.ReadInt32());
                else if (level == LevelAttachment && id == AttAttachRenddata)
                {
                    current = new TnefAttachment();
                    attachments.Add(current);
                }
                else if (level == LevelAttachment && current != null)
                {
                    if (id == AttAttachTitle && length < 4096) current.Title = TrimNul(oem.GetString(reader.ReadBytes((int)length)));
                    else if (id == AttAttachData && current.Data == null && !IsPlaceholder(stream, reader, length)) current.Data = Copy(stream, length);
                    else if (id == AttAttachment) new MapiProperties(stream, reader, end, oem, context).Read(current, Copy);
                }
                stream.Position = end;
                reader.ReadUInt16(); // checksum: a bad one is no reason to drop the file
            }
        }

        // Outlook writes this placeholder into attAttachData for embedded messages; the real data is in the MAPI object.
        private static bool IsPlaceholder(FileStream stream, BinaryReader reader, uint length)
        {
            if (length > 200) return false;
            var at = stream.Position;
            var text = Encoding.ASCII.GetString(reader.ReadBytes((int)length));
            stream.Position = at;
            return text.StartsWith("This attachment is a MAPI 1.0 embedded message", StringComparison.Ordinal);
        }

        private PartFile Copy(Stream stream, long length)
        {
            var file = new PartFile(context);
            var buffer = new byte[64 * 1024];
            while (length > 0)
            {
                var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
                if (n <= 0) break;
                file.Write(buffer, 0, n);
                length -= n;
            }
            file.Complete();
            return file;
        }

        private Encoding OemEncoding(int codePage)
        {
            try { return Charsets.ForCodePage(codePage); }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException) { return oem; }
        }

        internal static string? TrimNul(string s)
        {
            var nul = s.IndexOf('\0');
            var t = (nul >= 0 ? s.Substring(0, nul) : s).Trim();
            return t.Length == 0 ? null : t;
        }
    }

    /// <summary>What winmail.dat says about one of its attachments.</summary>
    internal sealed class TnefAttachment
    {
        internal string? Title { get; set; }
        internal string? LongName { get; set; }
        internal string? MimeType { get; set; }
        internal string? ContentId { get; set; }
        internal bool EmbeddedMessage { get; set; }
        internal PartFile? Data { get; set; }

        internal void Close() => Data?.Complete();
    }
}
