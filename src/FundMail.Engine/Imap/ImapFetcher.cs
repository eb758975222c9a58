using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Imap
{
    /// <summary>
    /// One batch: <c>UID FETCH set (UID INTERNALDATE RFC822.SIZE BODY.PEEK[])</c> per UID set (normally one), each
    /// message handed over while the rest still streams in. BODY.PEEK never sets \Seen. UIDs the server lists but
    /// does not return are reported as missing instead of being waited for or silently dropped.
    /// </summary>
    internal sealed class ImapFetcher
    {
        private const string Items = "(UID INTERNALDATE RFC822.SIZE BODY.PEEK[])";
        private readonly ImapSession _session;
        private readonly FetchDataParser _parser;
        private readonly Func<FetchedMessage, Task> _onMessage;
        private readonly HashSet<uint> _received = new HashSet<uint>();
        private HashSet<uint> _requested = new HashSet<uint>();

        public ImapFetcher(ImapSession session, string spoolDirectory, Func<FetchedMessage, Task> onMessage)
        {
            if (!Directory.Exists(spoolDirectory))
                throw new DirectoryNotFoundException("spool folder '" + spoolDirectory + "' does not exist");
            _session = session;
            _parser = new FetchDataParser(spoolDirectory);
            _onMessage = onMessage ?? throw new ArgumentNullException(nameof(onMessage));
        }

        public async Task<FetchResult> FetchAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken)
        {
            _requested = new HashSet<uint>(uids);
            string? warning = null;
            var sets = UidSet.Build(uids);
            foreach (var set in sets)
            {
                var command = new ImapCommand("UID FETCH").Text(set + " " + Items);
                var response = await _session.RunAsync(command, cancellationToken, onFetch: OnFetchAsync).ConfigureAwait(false);
                if (response.IsStatus("NO"))
                {
                    var failure = ImapServerErrors.FromStatus("UID FETCH", response);
                    if (failure is ImapThrottledException)
                        throw failure;
                    warning = response.Text;
                }
                else if (!response.IsStatus("OK"))
                {
                    throw ImapServerErrors.FromStatus("UID FETCH", response);
                }
            }
            var missing = _requested.Where(uid => !_received.Contains(uid)).OrderBy(uid => uid).ToList();
            return new FetchResult(_received.Count, missing, sets.Count, warning);
        }

        private async Task OnFetchAsync(uint sequenceNumber, ImapResponseReader reader, CancellationToken cancellationToken)
        {
            var data = await _parser.ParseAsync(sequenceNumber, reader, cancellationToken).ConfigureAwait(false);
            // Unsolicited FETCH (flag changes by another client) or a duplicate: nothing to hand over.
            if (data.BodyPath == null || data.Uid is not uint uid || !_requested.Contains(uid) || _received.Contains(uid)
                || data.InternalDate == null || data.Rfc822Size == null)
            {
                FetchDataParser.Discard(data);
                return;
            }
            _received.Add(uid);
            await _onMessage(new FetchedMessage(uid, data.InternalDate.Value, data.Rfc822Size.Value, data.BodyPath, data.BodyLength)).ConfigureAwait(false);
        }
    }
}
