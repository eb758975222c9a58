using System.Net;
using System.Net.Sockets;

namespace FundMail.TestServers
{
    /// <summary>Finds a TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static class FreePort
    {
        public static int Next()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
