using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FundMail.Mime;
using Xunit;

namespace FundMail.Tests.Mime
{
    /// <summary>
    /// Header shapes that make naive parsers quadratic. Each message is ~2 MB of one pattern; a
    /// quadratic pass would take hours, so the generous cap only catches that, it measures no speed.
    /// </summary>
    public sealed class PathologicalInputTests
    {
        private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

        [Theory]
        [InlineData("Subject", "=?a?B?x")]          // encoded-word openings that never close
        [InlineData("Subject", "=?")]
        [InlineData("To", "<a@b> x :")]             // colons after an angle address
        [InlineData("To", "\"a\" (b) ,")]
        [InlineData("Content-Type", "; a=b (")]     // parameters and comment openings
        [InlineData("Content-Type", "x=y(")]
        [InlineData("Date", "1 Jan 2024 (")]
        public async Task Repetitive_headers_parse_in_bounded_time(string field, string unit)
        {
            var value = string.Concat(Enumerable.Repeat(unit, 2_000_000 / unit.Length));
            var raw = Encoding.ASCII.GetBytes($"{field}: {value}\r\nSubject: s\r\n\r\nbody\r\n");
            using var temp = new TempParse();
            var parse = Task.Run(() => temp.ParseBytes(raw));
            Assert.True(await Task.WhenAny(parse, Task.Delay(Cap)) == parse, $"{field}: '{unit}' x many did not finish within {Cap.TotalSeconds} s");
            var mail = await parse;
            Assert.Equal("body\r\n".Replace("\r", ""), mail.BodyText);
        }

        [Theory]
        [InlineData("<a href=x>y")]
        [InlineData("<a href=\"x")]
        [InlineData("<!--<")]
        [InlineData("<li><ol><p>&amp;")]
        [InlineData("</a></script><br")]
        public async Task Repetitive_html_converts_in_bounded_time(string unit)
        {
            var html = string.Concat(Enumerable.Repeat(unit, 4_000_000 / unit.Length));
            var raw = Encoding.ASCII.GetBytes("Content-Type: text/html\r\n\r\n" + html);
            using var temp = new TempParse();
            var parse = Task.Run(() => temp.ParseBytes(raw));
            Assert.True(await Task.WhenAny(parse, Task.Delay(Cap)) == parse, $"'{unit}' x many did not finish within {Cap.TotalSeconds} s");
            Assert.NotNull((await parse).BodyHtml);
        }

        [Fact]
        public async Task Many_tiny_header_fields_and_parts_parse_in_bounded_time()
        {
            var sb = new StringBuilder();
            for (var i = 0; i < 200_000; i++) sb.Append("X-A: b\r\n");
            sb.Append("Content-Type: multipart/mixed; boundary=q\r\n\r\n");
            for (var i = 0; i < 50_000; i++) sb.Append("--q\r\n\r\n");
            var raw = Encoding.ASCII.GetBytes(sb.ToString());
            using var temp = new TempParse();
            var parse = Task.Run(() => temp.ParseBytes(raw));
            Assert.True(await Task.WhenAny(parse, Task.Delay(Cap)) == parse, "did not finish");
            var mail = await parse;
            Assert.Contains(mail.Defects, d => d.Contains("more than 2000 parts"));
        }
    }
}
