using System.Collections.Generic;
using System.Text;
using FundMail.Mime;
using Xunit;

namespace FundMail.Tests.Mime
{
    public sealed class HeaderDecodingTests
    {
        static HeaderDecodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        private static TextDecoding Decoding(List<string>? defects = null) =>
            new TextDecoding(Encoding.GetEncoding(949), defects ?? new List<string>());

        [Theory]
        [InlineData("=?UTF-8?B?7ZWc6riA?=", "한글")]
        [InlineData("=?utf-8?Q?caf=C3=A9_au_lait?=", "café au lait")]
        [InlineData("=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=", "ab")] // whitespace between adjacent words is not text
        [InlineData("=?ISO-8859-1?Q?a?=\t  =?ISO-8859-2?Q?b?= c", "ab c")]
        [InlineData("RE: =?utf-8?B?7ZWc?= end", "RE: 한 end")]
        [InlineData("=?iso-8859-1?q?this=20is=20some=20text?=", "this is some text")]
        [InlineData("=?US-ASCII*EN?Q?Keith_Moore?=", "Keith Moore")] // RFC 2231 language suffix
        [InlineData("=?utf-8?B?broken", "=?utf-8?B?broken")] // unterminated: left as written
        [InlineData("=?utf-8?X?abc?=", "=?utf-8?X?abc?=")] // unknown encoding: left as written
        public void Encoded_words_decode(string input, string expected) =>
            Assert.Equal(expected, EncodedWords.Decode(input, Decoding()));

        [Fact]
        public void Multibyte_character_split_across_words_is_rejoined()
        {
            var bytes = Encoding.GetEncoding(949).GetBytes("업무"); // 4 bytes: split after the third
            var a = System.Convert.ToBase64String(bytes, 0, 3);
            var b = System.Convert.ToBase64String(bytes, 3, 1);
            Assert.Equal("업무", EncodedWords.Decode($"=?euc-kr?B?{a}?= =?euc-kr?B?{b}?=", Decoding()));
            var utf8 = Encoding.UTF8.GetBytes("한");
            Assert.Equal("한", EncodedWords.Decode($"=?utf-8?Q?={utf8[0]:X2}?= =?UTF-8?Q?={utf8[1]:X2}={utf8[2]:X2}?=", Decoding()));
        }

        [Fact]
        public void Unknown_charset_falls_back_with_a_defect()
        {
            var defects = new List<string>();
            Assert.Equal("Submit", EncodedWords.Decode("=?X-IAS-German?B?U3VibWl0?=", Decoding(defects)));
            Assert.Contains(defects, d => d.Contains("unknown charset"));
        }

        [Fact]
        public void Rfc2231_continuations_with_charset_and_language_join_before_decoding()
        {
            var p = HeaderParameters.Parse(
                "attachment; filename*0*=UTF-8'ko'%ED%95%9C; filename*1*=%EA%B8%80; filename*2=\".txt\"; filename=\"fallback.txt\"",
                Decoding());
            Assert.Equal("attachment", p.Value);
            Assert.Equal("한글.txt", p.Get("filename")); // filename* wins over filename
            Assert.Equal("UTF-8'ko'%ED%95%9C%EA%B8%80.txt", p.GetRaw("filename"));
        }

        [Fact]
        public void Rfc2231_single_encoded_value_and_iso_8859_15()
        {
            var p = HeaderParameters.Parse("text/plain; name*=iso-8859-15''%A4uro%20bill.txt; charset=\"us-ascii\"", Decoding());
            Assert.Equal("text/plain", p.Value);
            Assert.Equal("€uro bill.txt", p.Get("name"));
            Assert.Equal("us-ascii", p.Get("charset"));
        }

        [Fact]
        public void Encoded_word_inside_quoted_name_is_decoded_as_outlook_means_it()
        {
            var p = HeaderParameters.Parse("application/pdf; name=\"=?ks_c_5601-1987?B?sOi+4LytLnBkZg==?=\"", Decoding());
            Assert.Equal("계약서.pdf", p.Get("name"));
            Assert.Equal("=?ks_c_5601-1987?B?sOi+4LytLnBkZg==?=", p.GetRaw("name"));
        }

        [Fact]
        public void Parameters_tolerate_comments_duplicates_and_parentheses_in_values()
        {
            var p = HeaderParameters.Parse("Multipart/Mixed (comment); boundary=\"a;b\"; boundary=second; name=report(1).pdf; charset=us-ascii (plain text)", Decoding());
            Assert.Equal("multipart/mixed", p.Value);
            Assert.Equal("a;b", p.Get("boundary"));
            Assert.Equal("report(1).pdf", p.Get("name"));
            Assert.Equal("us-ascii", p.Get("charset"));
        }
    }
}
