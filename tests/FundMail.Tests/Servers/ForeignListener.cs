using System;
using System.Net;
using System.Net.Sockets;

namespace FundMail.Tests.Servers
{
    /// <summary>A bare listener on 127.0.0.1, standing in for another test run's server that holds a port first.</summary>
    internal sealed class ForeignListener : IDisposable
    {
        private readonly TcpListener _listener;

        public ForeignListener(int port = 0)
        {
            _listener = new TcpListener(IPAddress.Loopback, port);
            _listener.Start();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Dispose() => _listener.Stop();
    }
}
