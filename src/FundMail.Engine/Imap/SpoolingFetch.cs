using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailKit;
using MailKit.Net.Imap;
using MailKitCommandException = MailKit.Net.Imap.ImapCommandException;

namespace FundMail.Imap
{
    /// <summary>
    /// One batch, per UID set (normally one): <c>UID FETCH set (UID INTERNALDATE RFC822.SIZE)</c>, then one
    /// <c>UID FETCH set (BODY.PEEK[])</c> whose messages are spooled and handed over while the rest still streams in.
    /// BODY.PEEK never sets \Seen. UIDs the server lists but does not return are reported as missing, not waited for.
    /// </summary>
    internal sealed class SpoolingFetch
    {
        private const MessageSummaryItems Metadata = MessageSummaryItems.UniqueId | MessageSummaryItems.InternalDate | MessageSummaryItems.Size;
        private readonly SpoolingImapFolder _folder;
        private readonly string _spoolDirectory;
        private readonly Func<FetchedMessage, Task> _onMessage;
        private readonly HashSet<uint> _received = new HashSet<uint>();
        private readonly Dictionary<uint, (DateTimeOffset Date, long Size)> _metadata = new Dictionary<uint, (DateTimeOffset, long)>();
        private HashSet<uint> _requested = new HashSet<uint>();

        public SpoolingFetch(SpoolingImapFolder folder, string spoolDirectory, Func<FetchedMessage, Task> onMessage)
        {
            if (!Directory.Exists(spoolDirectory))
                throw new DirectoryNotFoundException("spool folder '" + spoolDirectory + "' does not exist");
            _folder = folder;
            _spoolDirectory = spoolDirectory;
            _onMessage = onMessage ?? throw new ArgumentNullException(nameof(onMessage));
        }

        public async Task<FetchResult> RunAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken)
        {
            _requested = new HashSet<uint>(uids);
            string? warning = null;
            var sets = UidSet.Build(uids);
            foreach (var set in sets)
            {
                if (!UniqueIdSet.TryParse(set, out var ids))
                    throw new InvalidOperationException("'" + set + "' is not a UID set");
                warning = await TolerateNoAsync(async () =>
                {
                    foreach (var summary in await _folder.FetchAsync(ids, Metadata, cancellationToken).ConfigureAwait(false))
                        if (summary.InternalDate is DateTimeOffset date && summary.Size is uint size)
                            _metadata[summary.UniqueId.Id] = (date, size);
                }).ConfigureAwait(false) ?? warning;
                var listed = ids.Where(uid => _metadata.ContainsKey(uid.Id)).ToList();
                if (listed.Count == 0)
                    continue;
                _folder.SpoolDirectory = _spoolDirectory;
                try
                {
                    warning = await TolerateNoAsync(() => _folder.GetStreamsAsync(listed, OnMessageAsync, cancellationToken)).ConfigureAwait(false) ?? warning;
                }
                finally
                {
                    _folder.SpoolDirectory = null;
                }
            }
            var missing = _requested.Where(uid => !_received.Contains(uid)).OrderBy(uid => uid).ToList();
            return new FetchResult(_received.Count, missing, sets.Count, warning);
        }

        /// <summary>
        /// A NO ends a fetch but keeps what came before it (Exchange says NO when a message vanished meanwhile): its text is
        /// returned as a warning. Throttling is no warning: it must stop the run.
        /// </summary>
        private static async Task<string?> TolerateNoAsync(Func<Task> command)
        {
            try
            {
                await command().ConfigureAwait(false);
                return null;
            }
            catch (MailKitCommandException e) when (e.Response == ImapCommandResponse.No
                                                    && ImapErrors.FromStatus("UID FETCH", "NO", e.ResponseText ?? "") is ImapCommandException)
            {
                return e.ResponseText;
            }
        }

        private async Task OnMessageAsync(ImapFolder folder, int index, UniqueId uid, Stream stream, CancellationToken cancellationToken)
        {
            // A message nobody asked for, a duplicate, or a body the server no longer has (NIL or empty where the size was not:
            // expunged since its size was fetched; it counts as missing and is retried). MailKit disposes the stream
            // afterwards, which deletes its file.
            if (!(stream is SpoolFileStream spooled) || !_requested.Contains(uid.Id) || _received.Contains(uid.Id)
                || !_metadata.TryGetValue(uid.Id, out var metadata) || (spooled.Written == 0 && metadata.Size > 0))
                return;
            _received.Add(uid.Id);
            spooled.HandOver();
            await _onMessage(new FetchedMessage(uid.Id, metadata.Date, metadata.Size, spooled.Path, spooled.Written)).ConfigureAwait(false);
        }
    }
}
