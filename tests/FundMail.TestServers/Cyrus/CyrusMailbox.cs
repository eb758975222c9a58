using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using FundMail.TestServers.Dovecot;

namespace FundMail.TestServers.Cyrus
{
    /// <summary>
    /// Delivers into and inspects the Cyrus user's folders the way a mail client does, in a session of its own on the
    /// plain port: APPEND (Cyrus refuses bare LF, NUL and malformed header lines), flags read after EXAMINE (never
    /// setting any), STATUS, and folder re-creation for a new UIDVALIDITY.
    /// </summary>
    public sealed class CyrusMailbox
    {
        private static readonly Regex AppendUid = new Regex(@"\[APPENDUID \d+ (\d+)\]");
        private static readonly Regex FetchFlags = new Regex(@"^\* \d+ FETCH \((?=.*UID (\d+))(?=.*FLAGS \(([^)]*)\)).*\)$");
        private readonly string _host;
        private readonly int _port;
        private readonly string _user;
        private readonly string _password;

        internal CyrusMailbox(string host, int port, string user, string password)
        {
            _host = host;
            _port = port;
            _user = user;
            _password = password;
        }

        /// <summary>Stores one message exactly as given; returns its UID.</summary>
        public Task<uint> AppendAsync(byte[] message, string folder = "INBOX") => SessionAsync(async session =>
        {
            var done = await session.CommandAsync("APPEND " + ImapMailboxName.Quoted(folder) + " {" + message.Length + "+}", message);
            var match = AppendUid.Match(done[done.Count - 1]);
            return match.Success ? uint.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException("APPEND to " + folder + " gave no UID: " + done[done.Count - 1]);
        });

        /// <summary>UID → flags of every message, read after EXAMINE, so reading them changes nothing.</summary>
        public Task<IReadOnlyDictionary<uint, IReadOnlyList<string>>> GetFlagsAsync(string folder = "INBOX") => SessionAsync(async session =>
        {
            await session.CommandAsync("EXAMINE " + ImapMailboxName.Quoted(folder));
            var flags = new Dictionary<uint, IReadOnlyList<string>>();
            foreach (var line in await session.CommandAsync("UID FETCH 1:* (FLAGS)"))
            {
                var match = FetchFlags.Match(line);
                if (match.Success)
                    flags[uint.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)] = match.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
            return (IReadOnlyDictionary<uint, IReadOnlyList<string>>)flags;
        });

        public Task<MailboxStatus> GetStatusAsync(string folder = "INBOX") => SessionAsync(async session =>
        {
            var status = (await session.CommandAsync("STATUS " + ImapMailboxName.Quoted(folder) + " (UIDVALIDITY UIDNEXT MESSAGES)"))
                .First(l => l.StartsWith("* STATUS ", StringComparison.Ordinal));
            uint Item(string name) => uint.Parse(Regex.Match(status, name + @" (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
            return new MailboxStatus(Item("UIDVALIDITY"), Item("UIDNEXT"), (int)Item("MESSAGES"));
        });

        /// <summary>Deletes (when there) and creates <paramref name="folder"/>, as a rebuilt mailbox: empty, with a new UIDVALIDITY.</summary>
        public Task RecreateAsync(string folder) => SessionAsync(async session =>
        {
            var name = ImapMailboxName.Quoted(folder);
            var listed = await session.CommandAsync("LIST \"\" " + name);
            if (listed.Any(l => l.StartsWith("* LIST ", StringComparison.Ordinal)))
                await session.CommandAsync("DELETE " + name);
            await session.CommandAsync("CREATE " + name);
            return true;
        });

        private async Task<T> SessionAsync<T>(Func<Session, Task<T>> work)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(_host, _port);
            var session = new Session(tcp.GetStream());
            await session.ReadLineAsync(); // greeting
            await session.CommandAsync("LOGIN " + ImapMailboxName.Quoted(_user) + " " + ImapMailboxName.Quoted(_password));
            var result = await work(session);
            await session.CommandAsync("LOGOUT");
            return result;
        }

        /// <summary>Tagged commands; the responses read here carry no literals.</summary>
        private sealed class Session
        {
            private readonly Stream _stream;
            private readonly StreamReader _reader;
            private int _tag;

            public Session(Stream stream)
            {
                _stream = stream;
                _reader = new StreamReader(stream, Encoding.Latin1);
            }

            public async Task<string> ReadLineAsync() =>
                await _reader.ReadLineAsync() ?? throw new IOException("Cyrus closed the connection");

            /// <summary>Sends one command (and its LITERAL+ payload); returns the untagged lines and, last, the tagged OK.</summary>
            public async Task<List<string>> CommandAsync(string command, byte[]? literal = null)
            {
                var tag = "c" + ++_tag;
                await _stream.WriteAsync(Encoding.UTF8.GetBytes(tag + " " + command + "\r\n"));
                if (literal != null)
                {
                    await _stream.WriteAsync(literal);
                    await _stream.WriteAsync(Encoding.ASCII.GetBytes("\r\n"));
                }
                var lines = new List<string>();
                while (true)
                {
                    var line = await ReadLineAsync();
                    lines.Add(line);
                    if (!line.StartsWith(tag + " ", StringComparison.Ordinal))
                        continue;
                    if (line.StartsWith(tag + " OK", StringComparison.Ordinal))
                        return lines;
                    throw new InvalidOperationException("Cyrus refused '" + command.Split(' ')[0] + "': " + line.Substring(tag.Length + 1));
                }
            }
        }
    }
}
