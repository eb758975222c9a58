using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace FundMail.Tests.Mime
{
    public sealed class TnefTests
    {
        [Fact]
        public void Files_inside_winmail_dat_become_attachments_with_long_names()
        {
            var tnef = new TnefBuilder();
            tnef.Attribute(1, 0x00069007, BitConverter.GetBytes(1252).Concat(new byte[4]).ToArray()); // OEM code page
            tnef.Attribute(2, 0x00069002, new byte[14]); // first attachment
            tnef.Attribute(2, 0x00018010, Encoding.ASCII.GetBytes("REPORT~1.TXT\0"));
            tnef.Attribute(2, 0x0006800F, Encoding.ASCII.GetBytes("quarterly numbers"));
            tnef.Attribute(2, 0x00069005, Props(
                Unicode(0x3707, "분기 보고서 (final).txt"),
                Fixed(0x0003, 0x0E20, BitConverter.GetBytes(17)))); // PR_ATTACH_SIZE, skipped
            tnef.Attribute(2, 0x00069002, new byte[14]); // second: data only in the MAPI properties
            tnef.Attribute(2, 0x00018010, Encoding.ASCII.GetBytes("LOGO.PNG\0"));
            tnef.Attribute(2, 0x00069005, Props(
                Named(0x001E, Encoding.ASCII.GetBytes("ignored\0")),
                String8(0x370E, "image/png"),
                Binary(0x3701, new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 })));

            using var temp = new TempParse();
            var mail = temp.ParseText("Subject: tnef\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nsee attached\n" +
                                      "--b\nContent-Type: application/ms-tnef; name=winmail.dat\nContent-Transfer-Encoding: base64\n\n" +
                                      Convert.ToBase64String(tnef.ToArray(), Base64FormattingOptions.InsertLineBreaks) + "\n--b--\n");
            Assert.Equal(new[] { "winmail.dat", "분기 보고서 (final).txt", "LOGO.PNG" }, mail.Attachments.Select(a => a.FileName));
            Assert.Equal(tnef.ToArray().Length, mail.Attachments[0].Size); // winmail.dat itself is kept verbatim
            Assert.Equal("REPORT~1.TXT", mail.Attachments[1].OriginalFileName);
            Assert.Equal("quarterly numbers", File.ReadAllText(mail.Attachments[1].ContentPath));
            Assert.Equal("text/plain", mail.Attachments[1].ContentType);
            Assert.Equal("image/png", mail.Attachments[2].ContentType);
            Assert.Equal(7, mail.Attachments[2].Size);
            Assert.Equal("2.tnef.2", mail.Attachments[2].PartPath);
        }

        [Fact]
        public void Truncated_or_foreign_winmail_dat_is_kept_with_a_defect()
        {
            var tnef = new TnefBuilder();
            tnef.Attribute(2, 0x00069002, new byte[14]);
            var cut = tnef.ToArray().Concat(new byte[] { 2, 0x0F, 0x80, 0x06, 0x00, 0xFF, 0xFF, 0, 0, 1, 2 }).ToArray();
            using var temp = new TempParse();
            foreach (var payload in new[] { cut, Encoding.ASCII.GetBytes("not tnef at all") })
            {
                var mail = temp.ParseText("Subject: t\nContent-Type: application/ms-tnef\nContent-Transfer-Encoding: base64\n\n" + Convert.ToBase64String(payload) + "\n");
                Assert.Single(mail.Attachments);
                Assert.Contains(mail.Defects, d => d.Contains("winmail.dat"));
            }
        }

        [Fact]
        public void Corpus_rich_text_winmail_dat_yields_its_picture()
        {
            using var temp = new TempParse();
            var mail = temp.ParseFile(Path.Combine(CorpusLocator.Find(), "mimekit__tnef_rich-text.eml"));
            var kitten = mail.Attachments.Single(a => a.PartPath.Contains(".tnef."));
            Assert.Equal("kitten-playing-with-a-christmas-tree.jpg", kitten.FileName);
            Assert.Equal("KITTEN~1.JPG", kitten.OriginalFileName);
            Assert.Equal("image/jpeg", kitten.ContentType); // winmail.dat gave no MIME tag: taken from the extension
            Assert.Equal(375081, kitten.Size);
            var jpeg = File.ReadAllBytes(kitten.ContentPath);
            Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg.Take(2));
            Assert.Equal(2, mail.Defects.Count(d => d.Contains("embedded message")));
        }

        private static byte[] Props(params byte[][] props) =>
            BitConverter.GetBytes(props.Length).Concat(props.SelectMany(p => p)).ToArray();

        private static byte[] Tag(ushort type, ushort id) => BitConverter.GetBytes(type).Concat(BitConverter.GetBytes(id)).ToArray();

        private static byte[] Variable(ushort type, ushort id, byte[] value) =>
            Tag(type, id).Concat(BitConverter.GetBytes(1)).Concat(BitConverter.GetBytes(value.Length)).Concat(value)
                .Concat(new byte[(4 - value.Length % 4) % 4]).ToArray();

        private static byte[] Unicode(ushort id, string s) => Variable(0x001F, id, Encoding.Unicode.GetBytes(s + "\0"));
        private static byte[] String8(ushort id, string s) => Variable(0x001E, id, Encoding.ASCII.GetBytes(s + "\0"));
        private static byte[] Binary(ushort id, byte[] data) => Variable(0x0102, id, data);
        private static byte[] Fixed(ushort type, ushort id, byte[] value) => Tag(type, id).Concat(value).ToArray();

        // A named property (id >= 0x8000): GUID, kind 1 (string name), name length, UTF-16 name padded to 4.
        private static byte[] Named(ushort type, byte[] value)
        {
            var name = Encoding.Unicode.GetBytes("X-Custom\0");
            var head = Tag(type, 0x8001).Concat(Guid.NewGuid().ToByteArray()).Concat(BitConverter.GetBytes(1))
                .Concat(BitConverter.GetBytes(name.Length)).Concat(name).Concat(new byte[(4 - name.Length % 4) % 4]);
            return head.Concat(BitConverter.GetBytes(1)).Concat(BitConverter.GetBytes(value.Length)).Concat(value)
                .Concat(new byte[(4 - value.Length % 4) % 4]).ToArray();
        }

        /// <summary>Writes TNEF per [MS-OXTNEF]: signature, key, then level/id/length/data/checksum attributes.</summary>
        private sealed class TnefBuilder
        {
            private readonly List<byte> bytes = new List<byte>();

            internal TnefBuilder()
            {
                bytes.AddRange(BitConverter.GetBytes(0x223E9F78u));
                bytes.AddRange(BitConverter.GetBytes((ushort)0x0001));
            }

            internal void Attribute(byte level, uint id, byte[] data)
            {
                bytes.Add(level);
                bytes.AddRange(BitConverter.GetBytes(id));
                bytes.AddRange(BitConverter.GetBytes(data.Length));
                bytes.AddRange(data);
                bytes.AddRange(BitConverter.GetBytes((ushort)data.Sum(b => b)));
            }

            internal byte[] ToArray() => bytes.ToArray();
        }
    }
}
