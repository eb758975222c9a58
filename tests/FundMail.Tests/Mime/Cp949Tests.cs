using System;
using System.Linq;
using System.Text;
using Xunit;

namespace FundMail.Tests.Mime
{
    /// <summary>
    /// Outlook's ks_c_5601-1987 and Korean bulk mail's euc-kr are really code page 949. Syllables outside
    /// KS X 1001 (똠 됬 햏 뷁 샾) exist only there: code page 51949 would turn them into U+FFFD.
    /// </summary>
    public sealed class Cp949Tests
    {
        private const string Text = "똠방각하 됬습니다 햏 뷁 샾";

        static Cp949Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        [Fact]
        public void Strict_euc_kr_cannot_decode_these_syllables()
        {
            var bytes = Encoding.GetEncoding(949).GetBytes(Text);
            Assert.NotEqual(Text, Encoding.GetEncoding(51949).GetString(bytes));
        }

        [Theory]
        [InlineData("ks_c_5601-1987")]
        [InlineData("euc-kr")]
        [InlineData("EUC-KR")]
        public void Headers_and_bodies_decode_as_cp949(string label)
        {
            var cp949 = Encoding.GetEncoding(949);
            var bytes = cp949.GetBytes(Text);
            var b = Convert.ToBase64String(bytes);
            var q = new StringBuilder();
            foreach (var x in bytes) q.Append('=').Append(x.ToString("X2"));
            var mail =
                "From: =?" + label + "?B?" + Convert.ToBase64String(cp949.GetBytes("샾클럽")) + "?= <a@example.com>\n" +
                "To: \"=?" + label + "?Q?" + q + "?=\" <b@example.com>\n" +
                "Subject: =?" + label + "?B?" + b + "?=\n" +
                "MIME-Version: 1.0\n" +
                "Content-Type: multipart/alternative; boundary=\"xx\"\n\n" +
                "--xx\nContent-Type: text/plain; charset=" + label + "\nContent-Transfer-Encoding: base64\n\n" + b + "\n" +
                "--xx\nContent-Type: text/html; charset=\"" + label + "\"\nContent-Transfer-Encoding: 8bit\n\n<p>";
            var raw = new System.IO.MemoryStream();
            var ascii = Encoding.ASCII.GetBytes(mail.Replace("\n", "\r\n"));
            raw.Write(ascii, 0, ascii.Length);
            raw.Write(bytes, 0, bytes.Length);
            var tail = Encoding.ASCII.GetBytes("</p>\r\n--xx--\r\n");
            raw.Write(tail, 0, tail.Length);

            using var temp = new TempParse();
            var parsed = temp.ParseBytes(raw.ToArray());
            Assert.Equal(Text, parsed.Subject);
            Assert.Equal("샾클럽", parsed.From!.Name);
            Assert.Equal(Text, parsed.To[0].Name);
            Assert.Equal(Text, parsed.BodyText);
            Assert.Equal("<p>" + Text + "</p>", parsed.BodyHtml);
            Assert.Empty(parsed.Defects);
        }

        [Fact]
        public void Fallback_charset_is_configurable()
        {
            var raw = Encoding.ASCII.GetBytes("Subject: ").Concat(Encoding.GetEncoding(1251).GetBytes("Привет")).Concat(Encoding.ASCII.GetBytes("\r\n\r\nx\r\n")).ToArray();
            using var temp = new TempParse();
            temp.Options.FallbackCodePage = 1251;
            Assert.Equal("Привет", temp.ParseBytes(raw).Subject);
        }

        [Fact]
        public void Undeclared_8bit_header_falls_back_to_cp949()
        {
            var head = Encoding.ASCII.GetBytes("Subject: ");
            var text = Encoding.GetEncoding(949).GetBytes(Text);
            var rest = Encoding.ASCII.GetBytes("\r\n\r\nbody\r\n");
            var raw = new byte[head.Length + text.Length + rest.Length];
            head.CopyTo(raw, 0);
            text.CopyTo(raw, head.Length);
            rest.CopyTo(raw, head.Length + text.Length);
            using var temp = new TempParse();
            var parsed = temp.ParseBytes(raw);
            Assert.Equal(Text, parsed.Subject);
            Assert.Contains(parsed.Defects, d => d.Contains("undeclared 8-bit"));
        }
    }
}
