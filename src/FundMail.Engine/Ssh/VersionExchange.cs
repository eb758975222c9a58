using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Ssh
{
    /// <summary>RFC 4253 §4.2: identification strings. The server may send other lines before its "SSH-" line.</summary>
    internal static class VersionExchange
    {
        public const string ClientVersion = "SSH-2.0-FundMail_1.0";

        public static async Task<string> RunAsync(Stream stream, CancellationToken ct)
        {
            var hello = Encoding.ASCII.GetBytes(ClientVersion + "\r\n");
            await stream.WriteAsync(hello, 0, hello.Length, ct).ConfigureAwait(false);
            for (var lines = 0; lines < 50; lines++)
            {
                var line = await ReadLineAsync(stream, ct).ConfigureAwait(false);
                if (!line.StartsWith("SSH-", StringComparison.Ordinal)) continue;
                if (!line.StartsWith("SSH-2.0-", StringComparison.Ordinal) && !line.StartsWith("SSH-1.99-", StringComparison.Ordinal))
                    throw new SshProtocolException("the server speaks " + line + ", not SSH 2.0");
                return line;
            }
            throw new SshProtocolException("the server sent no SSH identification line");
        }

        private static async Task<string> ReadLineAsync(Stream stream, CancellationToken ct)
        {
            // Byte by byte: the binary packets start right after the line and must stay in the stream.
            var line = new StringBuilder();
            var one = new byte[1];
            while (line.Length < 255)
            {
                if (await stream.ReadAsync(one, 0, 1, ct).ConfigureAwait(false) == 0)
                    throw new SshConnectionException("the server closed the connection during the version exchange");
                if (one[0] == '\n') return line.ToString().TrimEnd('\r');
                line.Append((char)one[0]);
            }
            throw new SshProtocolException("the server's identification line is longer than 255 characters");
        }
    }
}
