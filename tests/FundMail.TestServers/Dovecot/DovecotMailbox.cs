using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace FundMail.TestServers.Dovecot
{
    public readonly record struct MailboxStatus(uint UidValidity, uint UidNext, int Messages);

    /// <summary>
    /// Delivers into and inspects the test user's mailbox the way a mail server does: through doveadm and a
    /// pre-authenticated <c>imap</c> process, so every message gets a real UID, INTERNALDATE and size.
    /// </summary>
    public sealed class DovecotMailbox
    {
        private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);
        private static readonly Regex AppendUid = new Regex(@"^a(\d+) OK \[APPENDUID \d+ (\d+)\]", RegexOptions.Multiline);
        private readonly string _config;
        private readonly string _user;

        public DovecotMailbox(string config, string user)
        {
            _config = config;
            _user = user;
        }

        /// <summary>Stores many messages in one pipelined session (APPEND with LITERAL+); returns their UIDs in order.</summary>
        public Task<IReadOnlyList<uint>> AppendAsync(IEnumerable<byte[]> messages, string folder = "INBOX")
        {
            var list = messages.ToList();
            return AppendCoreAsync(list.Count, async (input, i) =>
            {
                await WriteAsciiAsync(input, "a" + i + " APPEND " + ImapMailboxName.Quoted(folder) + " {" + list[i].Length + "+}\r\n");
                await input.WriteAsync(list[i]);
            }, folder);
        }

        public async Task<uint> AppendAsync(byte[] message, string folder = "INBOX") =>
            (await AppendAsync(new[] { message }, folder))[0];

        /// <summary>Stores one message with the given INTERNALDATE, as mail received that long ago.</summary>
        public async Task<uint> AppendAsync(byte[] message, DateTimeOffset internalDate, string folder = "INBOX")
        {
            var date = internalDate.UtcDateTime.ToString("dd-MMM-yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";
            var uids = await AppendCoreAsync(1, async (input, _) =>
            {
                await WriteAsciiAsync(input, "a0 APPEND " + ImapMailboxName.Quoted(folder) + " \"" + date + "\" {" + message.Length + "+}\r\n");
                await input.WriteAsync(message);
            }, folder);
            return uids[0];
        }

        /// <summary>Stores one message streamed from a file, for sizes that should not sit in test memory.</summary>
        public async Task<uint> AppendFileAsync(string path, string folder = "INBOX")
        {
            var uids = await AppendCoreAsync(1, async (input, _) =>
            {
                await using var file = File.OpenRead(path);
                await WriteAsciiAsync(input, "a0 APPEND " + ImapMailboxName.Quoted(folder) + " {" + file.Length + "+}\r\n");
                await file.CopyToAsync(input);
            }, folder);
            return uids[0];
        }

        /// <summary>UID → flags of every message, read without touching them (doveadm fetch).</summary>
        public async Task<IReadOnlyDictionary<uint, IReadOnlyList<string>>> GetFlagsAsync(string folder = "INBOX")
        {
            var output = await DoveadmAsync("-f", "tab", "fetch", "-u", _user, "uid flags", "mailbox", folder, "all");
            var flags = new Dictionary<uint, IReadOnlyList<string>>();
            foreach (var line in output.Split('\n').Skip(1).Where(l => l.Length > 0))
            {
                var columns = line.Split('\t');
                flags[uint.Parse(columns[0], CultureInfo.InvariantCulture)] =
                    columns.Length > 1 ? columns[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();
            }
            return flags;
        }

        public async Task<MailboxStatus> GetStatusAsync(string folder = "INBOX")
        {
            var output = await DoveadmAsync("-f", "tab", "mailbox", "status", "-u", _user, "uidvalidity uidnext messages", folder);
            var header = output.Split('\n')[0].Split('\t');
            var values = output.Split('\n')[1].Split('\t');
            string Value(string name) => values[Array.IndexOf(header, name)];
            return new MailboxStatus(uint.Parse(Value("uidvalidity")), uint.Parse(Value("uidnext")), int.Parse(Value("messages")));
        }

        public Task CreateFolderAsync(string folder) => DoveadmAsync("mailbox", "create", "-u", _user, folder);

        /// <summary>
        /// Empties the folder and gives it a new UIDVALIDITY, what a client sees when a mailbox is deleted and recreated.
        /// (Dovecot cannot delete INBOX, so INBOX is expunged and its UIDVALIDITY bumped.)
        /// </summary>
        public async Task<uint> RecreateAsync(string folder = "INBOX")
        {
            var before = await GetStatusAsync(folder);
            if (string.Equals(folder, "INBOX", StringComparison.OrdinalIgnoreCase))
            {
                await DoveadmAsync("expunge", "-u", _user, "mailbox", folder, "all");
                await DoveadmAsync("mailbox", "update", "-u", _user, "--uid-validity", (before.UidValidity + 1).ToString(CultureInfo.InvariantCulture), folder);
            }
            else
            {
                await DoveadmAsync("mailbox", "delete", "-u", _user, folder);
                await DoveadmAsync("mailbox", "create", "-u", _user, folder);
            }
            var after = await GetStatusAsync(folder);
            if (after.UidValidity == before.UidValidity)
                throw new InvalidOperationException("recreating " + folder + " kept UIDVALIDITY " + before.UidValidity);
            return after.UidValidity;
        }

        public Task ExpungeAsync(uint uid, string folder = "INBOX") =>
            DoveadmAsync("expunge", "-u", _user, "mailbox", folder, "uid", uid.ToString(CultureInfo.InvariantCulture));

        private async Task<IReadOnlyList<uint>> AppendCoreAsync(int count, Func<Stream, int, Task> writeAppend, string folder)
        {
            var result = await ProcessRunner.TryRunAsync("doveadm", new[] { "-c", _config, "exec", "imap", "-u", _user }, async input =>
            {
                for (var i = 0; i < count; i++)
                {
                    await writeAppend(input, i);
                    await WriteAsciiAsync(input, "\r\n");
                }
                await WriteAsciiAsync(input, "z LOGOUT\r\n");
                await input.FlushAsync();
            }, ToolTimeout);
            var uids = new uint[count];
            var found = 0;
            foreach (Match match in AppendUid.Matches(result.Stdout))
            {
                uids[int.Parse(match.Groups[1].Value)] = uint.Parse(match.Groups[2].Value);
                found++;
            }
            if (found != count)
                throw new InvalidOperationException("APPEND to " + folder + " stored " + found + " of " + count + " messages: " + Tail(result.Stdout) + Tail(result.Stderr));
            return uids;
        }

        private async Task<string> DoveadmAsync(params string[] args)
        {
            var result = await ProcessRunner.TryRunAsync("doveadm", new[] { "-c", _config }.Concat(args), null, ToolTimeout);
            if (result.ExitCode != 0)
                throw new InvalidOperationException("doveadm " + string.Join(" ", args) + " failed (" + result.ExitCode + "): " + result.Stderr.Trim());
            return result.Stdout;
        }

        private static Task WriteAsciiAsync(Stream stream, string text)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            return stream.WriteAsync(bytes, 0, bytes.Length);
        }

        private static string Tail(string text) => text.Length > 600 ? text.Substring(text.Length - 600) : text;
    }
}
