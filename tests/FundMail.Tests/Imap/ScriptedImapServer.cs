using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;

namespace FundMail.Tests.Imap
{
    /// <summary>
    /// Replays server text Dovecot cannot produce (Exchange Online's error strings, faults, mid-command BYE) over TLS
    /// on 127.0.0.1. The script sees each client line and returns what to send back (null = send nothing; a reply ending in
    /// <see cref="HangUp"/> closes the connection after it). It is a transcript player for the response parser, not a stand-in for a mail server.
    /// </summary>
    internal sealed class ScriptedImapServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly Task _serve;

        /// <summary>Ends a reply to close the connection after sending it.</summary>
        public const string HangUp = "<HANG UP>";

        public ScriptedImapServer(X509Certificate2 certificate, string greeting, Func<string, string?> script)
        {
            _listener.Start();
            _serve = ServeAsync(certificate, greeting, script);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>Every line the client sent, secrets included (only the test sees them).</summary>
        public ConcurrentQueue<string> Received { get; } = new ConcurrentQueue<string>();

        public void Dispose()
        {
            _listener.Stop();
            try
            {
                _serve.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The client went away mid-script; nothing to report.
            }
        }

        private async Task ServeAsync(X509Certificate2 certificate, string greeting, Func<string, string?> script)
        {
            using var client = await _listener.AcceptTcpClientAsync();
            using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(certificate);
            await WriteAsync(tls, greeting);
            using var reader = new StreamReader(tls, Encoding.ASCII);
            while (await reader.ReadLineAsync() is { } line)
            {
                Received.Enqueue(line);
                var reply = script(line);
                if (reply == null)
                    continue;
                var hangUp = reply.EndsWith(HangUp, StringComparison.Ordinal);
                await WriteAsync(tls, hangUp ? reply.Substring(0, reply.Length - HangUp.Length) : reply);
                if (hangUp)
                    return;
            }
        }

        private static async Task WriteAsync(Stream stream, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").Replace("\n", "\r\n"));
            await stream.WriteAsync(bytes);
            await stream.FlushAsync();
        }

        public static string Tag(string line) => line.Split(' ')[0];
    }
}
