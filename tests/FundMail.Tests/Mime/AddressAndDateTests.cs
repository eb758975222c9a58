using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using FundMail.Mime;
using Xunit;

namespace FundMail.Tests.Mime
{
    public sealed class AddressAndDateTests
    {
        static AddressAndDateTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        private static List<EmailAddress> Parse(string header) =>
            AddressParser.Parse(header, new TextDecoding(Encoding.GetEncoding(949), new List<string>()));

        private static string Show(List<EmailAddress> list) => string.Join(" | ", list.Select(a => $"{a.Name}/{a.Address}"));

        [Theory]
        [InlineData("\"Kim, Minjun\" <minjun@example.com>, lee@example.com", "Kim, Minjun/minjun@example.com | /lee@example.com")]
        [InlineData("=?UTF-8?B?6rmA66+87KSA?= <a@example.com>", "김민준/a@example.com")]
        [InlineData("\"=?UTF-8?B?6rmA66+87KSA?=\" <a@example.com>", "김민준/a@example.com")] // encoded word inside quotes
        [InlineData("Team: a@example.com, \"B\" <b@example.com>;, c@example.com", "/a@example.com | B/b@example.com | /c@example.com")]
        [InlineData("undisclosed-recipients:;", "")]
        [InlineData("MAILER-DAEMON@aol.com (Mail Delivery System)", "Mail Delivery System/MAILER-DAEMON@aol.com")]
        [InlineData("John (the man) Doe <john@example.com>", "John Doe/john@example.com")]
        [InlineData("<@relay.example:user@example.com>", "/user@example.com")]
        [InlineData("Broken <unterminated@example.com", "Broken/unterminated@example.com")]
        public void Address_lists_parse(string header, string expected) => Assert.Equal(expected, Show(Parse(header)));

        [Theory]
        [InlineData("Tue, 12 Jul 1997 22:11:13 +0200", "1997-07-12T22:11:13+02:00")]
        [InlineData("12 Jul 97 22:11 EST", "1997-07-12T22:11:00-05:00")] // no weekday, 2-digit year, no seconds, named zone
        [InlineData("Wed, 20 Sep 1995 00:19:00 (EDT) -0400", "1995-09-20T00:19:00-04:00")] // comment before the zone
        [InlineData("Mon, 1 Jan 2024 09:00:00 -0000", "2024-01-01T09:00:00+00:00")] // -0000: UTC
        [InlineData("Sat, 6 Feb 1993 02:53:47 -0800 (PST)", "1993-02-06T02:53:47-08:00")]
        [InlineData("Mon Jan  5 12:00:00 2004 GMT", "2004-01-05T12:00:00+00:00")] // asctime order
        [InlineData("Fri, 3 Nov 117 12:00:00 UT", "2017-11-03T12:00:00+00:00")] // 3-digit year is 1900+
        [InlineData("Thu, 13 Feb 2003 10:00:00 Z", "2003-02-13T10:00:00+00:00")]
        public void Dates_parse_including_obsolete_forms(string header, string expected)
        {
            var defects = new List<string>();
            var date = DateParser.Parse(header, defects);
            Assert.Equal(expected, date?.ToString("yyyy-MM-dd'T'HH:mm:sszzz"));
        }

        [Fact]
        public void Unreadable_dates_give_null_with_a_defect()
        {
            var defects = new List<string>();
            Assert.Null(DateParser.Parse("이것은 날짜가 아닙니다", defects));
            Assert.Null(DateParser.Parse("31 Feb 2024 10:00 +0000", defects));
            Assert.Equal(2, defects.Count);
        }

        [Fact]
        public void Date_without_zone_is_utc_with_a_defect()
        {
            var defects = new List<string>();
            Assert.Equal(TimeSpan.Zero, DateParser.Parse("1 Mar 2024 10:00:00", defects)!.Value.Offset);
            Assert.Contains(defects, d => d.Contains("no zone"));
        }
    }
}
