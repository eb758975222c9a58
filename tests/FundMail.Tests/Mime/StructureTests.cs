using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace FundMail.Tests.Mime
{
    public sealed class StructureTests
    {
        [Fact]
        public void Quoted_printable_soft_breaks_escapes_and_padding()
        {
            using var temp = new TempParse();
            var mail = temp.ParseText("Subject: qp\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" +
                                      "caf=C3=A9 =\nau lait=3d1   \n=E2=82=AC=e2=82=ac and =ZZ bad\n");
            Assert.Equal("café au lait=1\n€€ and =ZZ bad\n", mail.BodyText);
            Assert.Contains(mail.Defects, d => d.Contains("quoted-printable"));
        }

        [Fact]
        public void Lenient_base64_skips_bad_characters_and_missing_padding()
        {
            using var temp = new TempParse();
            var mail = temp.ParseText("Subject: b64\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nhi\n" +
                                      "--b\nContent-Type: application/octet-stream; name=x.bin\nContent-Transfer-Encoding: base64\n\n" +
                                      "SGVs*bG8g\n\nV29y bGQh\nIQ\n--b--\n");
            var a = Assert.Single(mail.Attachments);
            Assert.Equal("Hello World!!", File.ReadAllText(a.ContentPath));
            Assert.Equal(13, a.Size);
            Assert.Contains(mail.Defects, d => d.Contains("invalid base64"));
        }

        [Fact]
        public void Nested_multiparts_with_preamble_epilogue_and_a_missing_inner_close()
        {
            using var temp = new TempParse();
            var mail = temp.ParseText(
                "From: a@example.com\nSubject: nest\nContent-Type: multipart/mixed; boundary=\"outer\"\n\npreamble text\n" +
                "--outer\nContent-Type: multipart/alternative; boundary=\"inner\"\n\n" +
                "--inner\nContent-Type: text/plain\n\nplain body\n" +
                "--inner\nContent-Type: text/html\n\n<p>html body</p>\n" +
                "--outer\nContent-Type: image/gif\nContent-ID: <img1@x>\nContent-Transfer-Encoding: base64\n\nR0lGODlh\n" +
                "--outer--\nepilogue\n");
            Assert.Equal("plain body", mail.BodyText);
            Assert.Equal("<p>html body</p>", mail.BodyHtml);
            var gif = Assert.Single(mail.Attachments);
            Assert.Equal("image/gif", gif.ContentType);
            Assert.True(gif.IsInline);
            Assert.Equal("img1@x", gif.ContentId);
            Assert.Equal("2", gif.PartPath);
            Assert.Contains(mail.Defects, d => d.Contains("no closing boundary"));
            Assert.Equal(1, temp.PartFileCount); // bodies were read into strings and their files removed
        }

        [Fact]
        public void Text_body_over_the_cap_stays_an_attachment()
        {
            using var temp = new TempParse();
            temp.Options.MaxBodyBytes = 1000;
            var mail = temp.ParseText("Subject: big text\nContent-Type: text/plain; charset=utf-8\n\n" + new string('x', 5000) + "\n");
            Assert.Null(mail.BodyText);
            var a = Assert.Single(mail.Attachments);
            Assert.Equal("text/plain", a.ContentType);
            Assert.Equal(5002, a.Size);
            Assert.Contains(mail.Defects, d => d.Contains("over the 1000-byte limit"));
        }

        [Fact]
        public void Multipart_that_ends_before_its_first_part_has_no_attachment()
        {
            using var temp = new TempParse();
            var mail = temp.ParseText("Subject: s\nContent-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/alternative; boundary=i\n" +
                                      "--o\nContent-Type: text/plain\n\nhello\n--o--\n");
            Assert.Equal("hello", mail.BodyText);
            Assert.Empty(mail.Attachments);
            Assert.Contains(mail.Defects, d => d.Contains("ends before its first part"));
        }

        [Fact]
        public void Truncated_message_keeps_what_arrived()
        {
            using var temp = new TempParse();
            var mail = temp.ParseText("Subject: cut\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nfirst\n--b\nContent-Type: application/pdf; name=a.pdf\n" +
                                      "Content-Transfer-Encoding: base64\n\nJVBERi0x");
            Assert.Equal("first", mail.BodyText);
            Assert.Equal("%PDF-1", File.ReadAllText(Assert.Single(mail.Attachments).ContentPath));
        }

        [Fact]
        public void Message_rfc822_part_is_one_attachment_even_when_base64_encoded()
        {
            using var temp = new TempParse();
            var inner = "Subject: inner\r\n\r\ninner body\r\n";
            var mail = temp.ParseText("Subject: outer\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nsee attached\n" +
                                      "--b\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename=fwd.eml\nContent-Transfer-Encoding: base64\n\n" +
                                      Convert.ToBase64String(Encoding.ASCII.GetBytes(inner)) + "\n--b--\n");
            var a = Assert.Single(mail.Attachments);
            Assert.Equal("message/rfc822", a.ContentType);
            Assert.Equal("fwd.eml", a.FileName);
            Assert.Equal(inner, File.ReadAllText(a.ContentPath));
        }

        [Fact]
        public void Hostile_nesting_stops_at_the_depth_limit()
        {
            using var temp = new TempParse();
            temp.Options.MaxDepth = 5;
            var sb = new StringBuilder("Subject: deep\n");
            for (var i = 0; i < 2000; i++) sb.Append($"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n");
            sb.Append("Content-Type: text/plain\n\nbottom\n");
            var mail = temp.ParseText(sb.ToString());
            Assert.Contains(mail.Defects, d => d.Contains("nesting deeper than 5"));
            var unparsed = Assert.Single(mail.Attachments); // the too-deep rest, kept whole
            Assert.Equal("multipart/mixed", unparsed.ContentType);
            Assert.Equal("1.1.1.1.1", unparsed.PartPath);
            Assert.Contains("bottom", File.ReadAllText(unparsed.ContentPath));
        }

        [Fact]
        public void Parts_beyond_the_limit_are_skipped_not_written()
        {
            using var temp = new TempParse();
            var sb = new StringBuilder("Subject: many\nContent-Type: multipart/mixed; boundary=b\n\n");
            for (var i = 0; i < 2500; i++) sb.Append($"--b\nContent-Type: application/octet-stream\n\n{i}\n");
            sb.Append("--b--\n");
            var mail = temp.ParseText(sb.ToString());
            Assert.Equal(2000, mail.Attachments.Count);
            Assert.Contains(mail.Defects, d => d.Contains("more than 2000 parts"));
            Assert.True(temp.PartFileCount <= 2001);
        }

        [Fact]
        public void Header_quirks_folding_duplicates_mbox_line_and_a_line_without_colon()
        {
            using var temp = new TempParse();
            var mail = temp.ParseText("From someone@example.com Mon Jan  1 00:00:00 2024\nSubject: first\n  folded\nSubject: second\n" +
                                      "From: a@example.com\nthis line has no colon\nTo: b@example.com\n\nbody\n");
            Assert.Equal("first  folded", mail.Subject);
            Assert.Equal("body\n", mail.BodyText); // a field follows the line without colon: it is skipped, not the body's start
            Assert.Equal("b@example.com", Assert.Single(mail.To).Address);
            Assert.Contains(mail.Defects, d => d.Contains("mbox"));
            Assert.Contains(mail.Defects, d => d.Contains("2 Subject headers"));
            Assert.Contains(mail.Defects, d => d.Contains("without a colon skipped"));
        }

        [Fact]
        public void Part_without_header_or_blank_line_keeps_its_first_line()
        {
            using var temp = new TempParse();
            var mail = temp.ParseText("Subject: s\nContent-Type: multipart/mixed; boundary=b\n\n--b\n   indented first line\nsecond\n--b--\n");
            Assert.Equal("   indented first line\nsecond", mail.BodyText);
        }

        [Fact]
        public void Unparseable_input_still_yields_a_mail_with_raw_hash_and_stable_id()
        {
            using var temp = new TempParse();
            var garbage = new byte[5000];
            new Random(3).NextBytes(garbage);
            var first = temp.ParseBytes(garbage);
            var second = temp.ParseBytes(garbage);
            Assert.Null(first.MessageId);
            Assert.Equal($"<{first.RawSha256}@fundmail>", first.EmailId);
            Assert.Equal(first.EmailId, second.EmailId);
            Assert.Equal(5000, first.RawSize);
            Assert.True(File.Exists(first.RawPath));
            Assert.NotEmpty(first.Defects);
            Assert.DoesNotContain(first.Defects, d => d.StartsWith("parser failure"));
        }

        [Fact]
        public void Missing_raw_file_is_a_clear_error()
        {
            using var temp = new TempParse();
            var e = Assert.Throws<FundMail.Mime.MimeException>(() => temp.ParseFile(Path.Combine(temp.Root, "nope.eml")));
            Assert.Contains("nope.eml", e.Message);
        }

        [Fact]
        public void Mail_object_summary_never_shows_bodies()
        {
            using var temp = new TempParse();
            var mail = temp.ParseText("From: \"Kim\" <k@example.com>\nSubject: hello\nMessage-ID: <id1@x>\nDate: Mon, 1 Jan 2024 09:00:00 +0900\n\nsecret body text\n");
            mail.Uid = 42;
            var text = mail.ToString();
            Assert.Contains("<id1@x>", text);
            Assert.Contains("hello", text);
            Assert.Contains("2024-01-01 09:00:00+09:00", text);
            Assert.DoesNotContain("secret", text);
            Assert.Equal("<id1@x>", mail.EmailId);
        }
    }
}
