using FundMail.Util;
using Xunit;

namespace FundMail.Tests
{
    public class SecretTests
    {
        [Fact]
        public void Secret_never_prints_its_value()
        {
            var secret = new Secret("hunter2");
            Assert.Equal("***", secret.ToString());
            Assert.DoesNotContain("hunter2", $"token={secret}");
            Assert.Equal("hunter2", secret.Reveal());
        }
    }
}
