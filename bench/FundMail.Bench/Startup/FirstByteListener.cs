using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Bench.Startup
{
    /// <summary>
    /// A TCP port on 127.0.0.1 standing in front of Dovecot: it timestamps the first byte a client sends on each
    /// connection (the TLS ClientHello of IMAPS), then relays both ways to Dovecot so the client's run completes.
    /// </summary>
    internal sealed class FirstByteListener : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly int _targetPort;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private long _firstByte;

        public FirstByteListener(int targetPort)
        {
            _targetPort = targetPort;
            _listener.Start();
            _ = AcceptLoopAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>Forgets the last connection's timestamp before the next run.</summary>
        public void Reset() => Interlocked.Exchange(ref _firstByte, 0);

        /// <summary>Seconds from a <see cref="Stopwatch.GetTimestamp"/> to the first byte of the first connection since <see cref="Reset"/>.</summary>
        public double SecondsSince(long started)
        {
            var first = Interlocked.Read(ref _firstByte);
            if (first == 0)
                throw new InvalidOperationException("no client connected to the first-byte listener on port " + Port);
            return Stopwatch.GetElapsedTime(started, first).TotalSeconds;
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException || e is ObjectDisposedException || e is SocketException)
                {
                    return;
                }
                _ = RelayAsync(client);
            }
        }

        private async Task RelayAsync(TcpClient client)
        {
            using (client)
            using (var server = new TcpClient())
            {
                try
                {
                    var fromClient = client.GetStream();
                    var buffer = new byte[64 * 1024];
                    var read = await fromClient.ReadAsync(buffer, _stop.Token);
                    Interlocked.CompareExchange(ref _firstByte, Stopwatch.GetTimestamp(), 0);
                    await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                    var toServer = server.GetStream();
                    await toServer.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                    var up = fromClient.CopyToAsync(toServer, _stop.Token);
                    var down = toServer.CopyToAsync(fromClient, _stop.Token);
                    await Task.WhenAny(up, down);
                }
                catch (Exception e) when (e is OperationCanceledException || e is System.IO.IOException || e is SocketException)
                {
                    // One side closed or the run is over: the relay ends with it.
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
