using System;
using System.Collections.Generic;
using System.Linq;

namespace FundMail.TestServers
{
    /// <summary>A test server could not listen on its port(s) on 127.0.0.1 because another process holds them.</summary>
    public sealed class PortTakenException : InvalidOperationException
    {
        public PortTakenException(string server, IReadOnlyList<int> ports, int attempts = 1)
            : base(Describe(server, ports, attempts))
        {
            Ports = ports;
        }

        public IReadOnlyList<int> Ports { get; }

        private static string Describe(string server, IReadOnlyList<int> ports, int attempts) =>
            server + " did not get a port of its own: " + string.Join(", ", ports.Select(p => "127.0.0.1:" + p))
            + (ports.Count == 1 ? " is" : " are") + " held by another process"
            + (attempts > 1 ? " (" + attempts + " attempts)" : "");
    }
}
