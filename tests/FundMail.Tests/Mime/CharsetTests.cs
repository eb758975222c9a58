using System.Collections.Generic;
using System.Text;
using FundMail.Mime;
using Xunit;

namespace FundMail.Tests.Mime
{
    public sealed class CharsetTests
    {
        static CharsetTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        [Theory]
        [InlineData("utf-8", 65001, "한글 ✔ 😀")]
        [InlineData("ISO-8859-2", 28592, "Zażółć gęślą jaźń")]
        [InlineData("iso-8859-7", 28597, "Καλημέρα")]
        [InlineData("windows-1251", 1251, "Привет")]
        [InlineData("windows-1252", 1252, "Café €")]
        [InlineData("koi8-r", 20866, "Алфавит")]
        [InlineData("ISO-2022-JP", 50220, "日本語メール")]
        [InlineData("iso-2022-kr", 50225, "한국어 메일")]
        [InlineData("GB2312", 936, "中文邮件")]
        [InlineData("GBK", 936, "中文郵件")]
        [InlineData("Big5", 950, "中文郵件")]
        [InlineData("Shift_JIS", 932, "日本語メール")]
        [InlineData("EUC-JP", 51932, "日本語メール")]
        [InlineData("ks_c_5601-1987", 949, "똠방각하")]
        public void Declared_charsets_decode(string label, int codePage, string text)
        {
            var defects = new List<string>();
            var decoding = new TextDecoding(Encoding.GetEncoding(949), defects);
            var bytes = Encoding.GetEncoding(codePage).GetBytes(text);
            Assert.Equal(text, decoding.Decode(bytes, label, "test"));
            Assert.Empty(defects);
        }

        [Fact]
        public void Unknown_charset_falls_back_records_a_defect_and_never_throws()
        {
            var defects = new List<string>();
            var decoding = new TextDecoding(Encoding.GetEncoding(949), defects);
            Assert.Equal("샾", decoding.Decode(Encoding.GetEncoding(949).GetBytes("샾"), "x-no-such-charset", "test"));
            Assert.Equal("ok", decoding.Decode(Encoding.ASCII.GetBytes("ok"), "\"", "test"));
            Assert.Contains(defects, d => d.Contains("x-no-such-charset"));
        }
    }
}
