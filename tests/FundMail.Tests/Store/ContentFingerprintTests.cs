using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FundMail.Store;
using Xunit;

namespace FundMail.Tests.Store
{
    /// <summary>
    /// The ledger holds fingerprints written by earlier versions, which built the whole text with Regex \s+ → " " and
    /// Trim(), then hashed it: the streaming fingerprint must give the same hash for any text, or re-rendered mail
    /// stored before an upgrade would be stored again.
    /// </summary>
    public class ContentFingerprintTests
    {
        private static string AsEarlierVersionsDid(string? subject, string? body, params string[] attachments)
        {
            static string Normalise(string? text) => text == null ? "" : Regex.Replace(text, @"\s+", " ").Trim();
            var text = "subject:" + Normalise(subject) + "\nbody:" + Normalise(body) + "\nattachments:" +
                       string.Join(",", attachments.OrderBy(a => a, StringComparer.Ordinal));
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
        }

        [Theory]
        [InlineData(null, null)]
        [InlineData("", "")]
        [InlineData("  \t ", "\r\n\r\n")]
        [InlineData(" 펀드 운용 보고서 ", "안녕하세요,\r\n\r\n  첨부 파일을\t확인해 주세요.  \r\n")]
        [InlineData("a\u00a0\u3000b", "x\u2028\u2029\u0085\u000b\u000cy\u200a")]
        [InlineData("lone \ud800 surrogate", "pair \ud83d\ude00 end \udc00")]
        public void Matches_the_hash_earlier_versions_recorded(string? subject, string? body)
        {
            Assert.Equal(AsEarlierVersionsDid(subject, body, "b2", "a1"), ContentFingerprint.Of(subject, body, new[] { "b2", "a1" }));
        }

        [Fact]
        public void Treats_every_character_as_Regex_whitespace_does()
        {
            var all = new string(Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(c => !char.IsSurrogate(c)).ToArray());
            Assert.Equal(AsEarlierVersionsDid(all, "x" + all + "y"), ContentFingerprint.Of(all, "x" + all + "y", Array.Empty<string>()));
        }

        [Theory]
        [InlineData(4080)]
        [InlineData(4095)]
        [InlineData(4096)]
        [InlineData(9000)]
        public void Matches_for_long_text_whose_surrogate_pairs_straddle_the_buffer(int prefix)
        {
            var body = new string('가', prefix) + "\ud83d\ude00  \r\n" + string.Concat(Enumerable.Repeat("줄 \ud83d\ude00\r\n", 3000));
            Assert.Equal(AsEarlierVersionsDid("s", body), ContentFingerprint.Of("s", body, Array.Empty<string>()));
        }
    }
}
