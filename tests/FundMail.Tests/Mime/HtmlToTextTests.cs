using FundMail.Mime;
using Xunit;

namespace FundMail.Tests.Mime
{
    public sealed class HtmlToTextTests
    {
        [Fact]
        public void Keeps_breaks_lists_and_links_drops_scripts_and_styles()
        {
            var html = "<html><head><title>t</title><style>p{color:red}</style></head><body>" +
                       "<script>alert('x')</script><!-- note --><p>Hello&nbsp;<b>world</b> &amp; friends</p>" +
                       "<div>line one<br>line two</div><ul><li>first</li><li>second</li></ul><ol><li>one<li>two</ol>" +
                       "<p>See <a href=\"https://example.com/a?b=1&amp;c=2\">the report</a> or " +
                       "<a href=\"https://example.com\">https://example.com</a>.</p><table><tr><td>a</td><td>b</td></tr></table></body></html>";
            Assert.Equal("Hello world & friends\n\nline one\nline two\n- first\n- second\n1. one\n2. two\n\n" +
                         "See the report <https://example.com/a?b=1&c=2> or https://example.com.\n\na b\n", HtmlToText.Convert(html));
        }

        [Fact]
        public void Survives_broken_markup()
        {
            Assert.Equal("a < b\nc\n", HtmlToText.Convert("a < b<br>c<script>never closed"));
            Assert.Equal("x\n", HtmlToText.Convert("<p>x<!-- unclosed comment"));
        }
    }
}
