using System;
using System.Linq;
using System.Text;
using FundMail.Mime;
using Xunit;

namespace FundMail.Tests.Mime
{
    /// <summary>
    /// A message's header block that starts with a folded line, holds a line without a colon or holds NUL bytes
    /// still yields the envelope (issue 18). Before, such a block ended at the broken line and the rest was body.
    /// </summary>
    public sealed class BrokenHeaderBlockTests
    {
        internal const string Envelope =
            "From: \"Kim\" <kim@fund.example>\r\n" +
            "Subject: Q3 report\r\n" +
            "Date: Tue, 1 Oct 2024 09:30:00 +0900\r\n" +
            "Message-ID: <q3@fund.example>\r\n";

        /// <summary>The broken messages by case name, each with <see cref="Envelope"/> around its flaw and body "body".</summary>
        internal static byte[] Broken(string flaw) => Encoding.ASCII.GetBytes(flaw switch
        {
            "starts with a folded line" => "  stray folded text\r\n\tand more of it\r\n" + Envelope,
            "starts without a colon" => "garbage before the header\r\n" + Envelope,
            "line without a colon inside" => Envelope.Insert(Envelope.IndexOf("Date:", StringComparison.Ordinal), "this line has no colon\r\n"),
            "NUL bytes before the first field" => "\0\0\0" + Envelope,
            "NUL byte in a field name" => Envelope.Replace("Subject:", "Sub\0ject:"),
            "NUL byte in a value" => Envelope.Replace("Q3 report", "Q3\0 report"),
            "line of NUL bytes inside" => Envelope.Insert(Envelope.IndexOf("Date:", StringComparison.Ordinal), "\0\0\0\0\r\n"),
            _ => throw new ArgumentOutOfRangeException(nameof(flaw)),
        } + "\r\nbody\r\n");

        public static TheoryData<string> Flaws => new TheoryData<string>
        {
            "starts with a folded line", "starts without a colon", "line without a colon inside",
            "NUL bytes before the first field", "NUL byte in a field name", "NUL byte in a value", "line of NUL bytes inside",
        };

        [Theory]
        [MemberData(nameof(Flaws))]
        public void Envelope_survives_a_broken_header_block(string flaw)
        {
            using var temp = new TempParse();
            var mail = temp.ParseBytes(Broken(flaw));
            AssertEnvelope(mail);
            Assert.Equal("body\n", mail.BodyText);
            Assert.NotEmpty(mail.Defects);
        }

        internal static void AssertEnvelope(MailMessage mail)
        {
            Assert.Equal("kim@fund.example", mail.From?.Address);
            Assert.Equal("Kim", mail.From?.Name);
            Assert.Equal("Q3 report", mail.Subject);
            Assert.Equal(new DateTimeOffset(2024, 10, 1, 9, 30, 0, TimeSpan.FromHours(9)), mail.SentTime);
            Assert.Equal("<q3@fund.example>", mail.MessageId);
            Assert.Equal("<q3@fund.example>", mail.EmailId);
        }

        [Fact]
        public void A_line_without_colon_where_the_read_buffer_ends_is_skipped_alike()
        {
            // The parser reads 64 KB at a time; looking past the broken line must refill without losing it.
            using var temp = new TempParse();
            for (var pad = 65_400; pad <= 65_560; pad += 4)
            {
                var raw = Encoding.ASCII.GetBytes("X-Pad: " + new string('p', pad) + "\r\n").Concat(Broken("line without a colon inside")).ToArray();
                var mail = temp.ParseBytes(raw);
                AssertEnvelope(mail);
                Assert.Equal("body\n", mail.BodyText);
            }
        }

        [Fact]
        public void Body_without_its_blank_line_still_starts_at_the_first_line_that_is_no_field()
        {
            using var temp = new TempParse();
            var mail = temp.ParseText("Subject: s\nDear investor,\nplease find the report attached.\n");
            Assert.Equal("s", mail.Subject);
            Assert.Equal("Dear investor,\nplease find the report attached.\n", mail.BodyText);
            Assert.Contains(mail.Defects, d => d.Contains("the body starts there"));
        }

        [Fact]
        public void A_part_keeps_the_old_rule_a_line_without_colon_starts_its_body()
        {
            using var temp = new TempParse();
            var mail = temp.ParseText("Subject: s\nContent-Type: multipart/mixed; boundary=b\n\n--b\nDear investor,\nNote: see below\n--b--\n");
            Assert.Equal("Dear investor,\nNote: see below", mail.BodyText);
        }
    }
}
