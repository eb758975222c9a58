using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using FundMail.Config;
using FundMail.PowerShell;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Module
{
    /// <summary>dpapi: values in the .env: recognised by prefix, refused clearly where Windows DPAPI is not there.</summary>
    public sealed class DpapiSecretTests
    {
        [Theory]
        [InlineData("dpapi:AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAA", true)]
        [InlineData("DPAPI:AQAA", true)]
        [InlineData("dpapi", false)]
        [InlineData(" dpapi:AQAA", false)]
        [InlineData("pa$$dpapi:word", false)]
        [InlineData("", false)]
        [InlineData(null, false)]
        public void A_value_is_protected_only_when_it_starts_with_the_dpapi_prefix(string? value, bool expected)
        {
            Assert.Equal(expected, DpapiSecret.IsProtected(value));
        }

        [Fact]
        public void A_dpapi_value_off_Windows_is_a_config_error_naming_the_key_and_never_the_value()
        {
            Assert.False(RuntimeInformation.IsOSPlatform(OSPlatform.Windows), "this test covers the non-Windows path");

            var error = Assert.Throws<ConfigException>(() => DpapiSecret.Unprotect("CLIENT_SECRET", "dpapi:c2VjcmV0LXZhbHVl"));

            var problem = Assert.Single(error.Problems);
            Assert.Equal("CLIENT_SECRET", problem.Key);
            Assert.Contains("only Windows can decrypt", problem.Expected);
            Assert.DoesNotContain("c2VjcmV0LXZhbHVl", error.Message);
        }

        [Theory]
        [InlineData("dpapi:not base64!", "not base64")]
        [InlineData("dpapi:", "empty dpapi: value")]
        [InlineData("plain", "is not a dpapi: value")]
        public void A_malformed_dpapi_value_names_what_is_wrong(string value, string expected)
        {
            var error = Assert.Throws<ConfigException>(() => DpapiSecret.Unprotect("SFTP_PW", value));

            Assert.Equal("SFTP_PW", Assert.Single(error.Problems).Key);
            Assert.Contains(expected, error.Message);
        }

        [Fact]
        public void Protecting_off_Windows_says_it_needs_Windows()
        {
            var error = Assert.Throws<PlatformNotSupportedException>(() => DpapiSecret.Protect(new Secret("x"), DpapiScope.CurrentUser));
            Assert.Contains("Only Windows", error.Message);
        }
    }

    /// <summary>How Protect-FundMailSecret puts its value into the .env.</summary>
    public sealed class EnvFileValueWriterTests : IDisposable
    {
        private readonly string _file = Path.Combine(Path.GetTempPath(), "fundmail-env-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public void Dispose() => File.Delete(_file);

        [Fact]
        public void Replaces_the_key_in_place_and_keeps_comments_order_and_crlf()
        {
            File.WriteAllText(_file, "# secrets\r\nEMAIL_ID=a@b.c\r\nCLIENT_SECRET='old$'\r\nBASE_DIR=C:\\fund_mail\r\n");

            EnvFileValueWriter.Set(_file, "CLIENT_SECRET", "dpapi:AQID");

            Assert.Equal("# secrets\r\nEMAIL_ID=a@b.c\r\nCLIENT_SECRET=dpapi:AQID\r\nBASE_DIR=C:\\fund_mail\r\n", File.ReadAllText(_file));
        }

        [Fact]
        public void Appends_an_absent_key_and_drops_later_duplicates()
        {
            File.WriteAllText(_file, "SFTP_PW=a\nexport SFTP_PW = b\nHOST=h");

            EnvFileValueWriter.Set(_file, "SFTP_PW", "dpapi:AA");
            EnvFileValueWriter.Set(_file, "EMAIL_PW", "dpapi:BB");

            Assert.Equal("SFTP_PW=dpapi:AA\nHOST=h\nEMAIL_PW=dpapi:BB\n", File.ReadAllText(_file));
        }

        [Fact]
        public void Keeps_korean_comments_and_a_byte_order_mark()
        {
            File.WriteAllBytes(_file, new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes("# 펀드 메일 설정\nEMAIL_PW=x\n")).ToArray());

            EnvFileValueWriter.Set(_file, "EMAIL_PW", "dpapi:AA");

            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes("# 펀드 메일 설정\nEMAIL_PW=dpapi:AA\n")), File.ReadAllBytes(_file));
        }

        [Fact]
        public void Refuses_a_file_that_is_not_utf8_and_leaves_it_untouched()
        {
            var cp949 = new byte[] { (byte)'#', (byte)' ', 0xC6, 0xDD, 0xB5, 0xE5, (byte)'\n', (byte)'A', (byte)'=', (byte)'1', (byte)'\n' };
            File.WriteAllBytes(_file, cp949);

            var error = Assert.Throws<InvalidDataException>(() => EnvFileValueWriter.Set(_file, "A", "dpapi:AA"));

            Assert.Contains("not UTF-8", error.Message);
            Assert.Equal(cp949, File.ReadAllBytes(_file));
        }

        [Fact]
        public void A_key_that_only_starts_like_another_is_left_alone()
        {
            File.WriteAllText(_file, "SFTP_PW_OLD=x\n");

            EnvFileValueWriter.Set(_file, "SFTP_PW", "dpapi:AA");

            Assert.Equal("SFTP_PW_OLD=x\nSFTP_PW=dpapi:AA\n", File.ReadAllText(_file));
        }
    }
}
