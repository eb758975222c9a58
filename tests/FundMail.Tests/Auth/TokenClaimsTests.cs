using System;
using System.Text;
using FundMail.Auth;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Auth
{
    public class TokenClaimsTests
    {
        [Fact]
        public void Reads_claims_of_an_unsigned_payload_and_array_audience()
        {
            var payload = "{\"aud\":[\"https://outlook.office365.com\",\"x\"],\"roles\":[\"IMAP.AccessAsApp\"],\"tid\":\"t1\",\"appid\":\"a1\",\"exp\":1700000000}";
            var token = new Secret("eyJhbGciOiJub25lIn0." + Base64Url(payload) + ".");

            var claims = TokenClaims.Read(token);

            Assert.Equal("https://outlook.office365.com x", claims.Audience);
            Assert.Equal(new[] { "IMAP.AccessAsApp" }, claims.Roles);
            Assert.Equal("t1", claims.TenantId);
            Assert.Equal("a1", claims.AppId);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), claims.ExpiresOn);
        }

        [Theory]
        [InlineData("opaque-token-value")]
        [InlineData("a.b!!.c")]
        [InlineData("a.WzFd.c")]
        public void Non_jwt_is_refused_without_showing_the_token(string value)
        {
            var e = Assert.Throws<TokenException>(() => TokenClaims.Read(new Secret(value)));

            Assert.Contains("not a JWT", e.Message);
            Assert.DoesNotContain(value, e.Message);
        }

        [Theory]
        [InlineData("https://login.microsoftonline.com", true)]
        [InlineData("https://LOGIN.MICROSOFTONLINE.US/", true)]
        [InlineData("https://login.partner.microsoftonline.cn", true)]
        [InlineData("https://127.0.0.1:4443", false)]
        [InlineData("https://login.microsoftonline.com.evil.test", false)]
        public void Only_Microsoft_cloud_hosts_may_use_instance_discovery(string host, bool microsoft)
        {
            Assert.Equal(microsoft, AuthorityHosts.IsMicrosoftCloud(new Uri(host)));
        }

        private static string Base64Url(string text) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
