using System.Text;
using FundMail.Store;
using Xunit;

namespace FundMail.Tests.Store
{
    public class SafeFileNameTests
    {
        [Theory]
        [InlineData("../../evil.txt", "evil.txt")]
        [InlineData("C:\\temp\\x.txt", "x.txt")]
        [InlineData("C:x.txt", "x.txt")]
        [InlineData("/evil/passwd", "passwd")]
        [InlineData("CON.txt", "_CON.txt")]
        [InlineData("nul", "_nul")]
        [InlineData("com1.tar.gz", "_com1.tar.gz")]
        [InlineData("a<b>c:d\"e|f?g*h.pdf", "a_b_c_d_e_f_g_h.pdf")]
        [InlineData("report.pdf. . ", "report.pdf")]
        [InlineData("..", "attachment")]
        [InlineData("", "attachment")]
        [InlineData(null, "attachment")]
        [InlineData(".htaccess", "_htaccess")]
        [InlineData("tab\there.txt", "tab_here.txt")]
        [InlineData("보고서.hwp", "보고서.hwp")]
        public void Names_are_made_safe(string? given, string expected)
        {
            Assert.Equal(expected, SafeFileName.From(given));
        }

        [Fact]
        public void Long_names_are_cut_on_utf8_bytes_keeping_the_extension_and_whole_characters()
        {
            var name = new string('가', 300) + ".xlsx";
            var safe = SafeFileName.From(name);
            Assert.True(Encoding.UTF8.GetByteCount(safe) <= SafeFileName.MaxUtf8Bytes);
            Assert.EndsWith("가.xlsx", safe);
            Assert.DoesNotContain('\uFFFD', safe);
        }

        [Fact]
        public void Decomposed_hangul_is_composed()
        {
            var nfd = "한글.txt".Normalize(NormalizationForm.FormD);
            Assert.Equal("한글.txt", SafeFileName.From(nfd));
        }

        [Theory]
        [InlineData("report.pdf", 2, "report (2).pdf")]
        [InlineData("report.pdf", 1, "report.pdf")]
        [InlineData("README", 3, "README (3)")]
        [InlineData("archive.tar.gz", 2, "archive.tar (2).gz")]
        public void Numbering_goes_before_the_extension(string name, int n, string expected)
        {
            Assert.Equal(expected, SafeFileName.Numbered(name, n));
        }
    }
}
