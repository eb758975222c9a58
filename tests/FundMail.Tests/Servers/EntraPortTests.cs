using System;
using FundMail.Tests.Auth;
using FundMail.TestServers;
using Xunit;

namespace FundMail.Tests.Servers
{
    /// <summary>The token endpoint binds port 0 itself: the port it reports is one this process listens on, alone.</summary>
    public sealed class EntraPortTests : IClassFixture<EntraFixture>
    {
        private readonly EntraFixture _entra;

        public EntraPortTests(EntraFixture entra)
        {
            _entra = entra;
        }

        [Fact]
        public void Authority_host_port_is_the_one_kestrel_bound_in_this_process()
        {
            var port = _entra.Endpoint.AuthorityHost.Port;

            Assert.Equal((1, 0), PortListener.Count(port, Environment.ProcessId));
            Assert.Equal(new Uri("https://127.0.0.1:" + port + "/"), _entra.Endpoint.AuthorityHost);
        }
    }
}
