using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Imap;
using FundMail.Logging;
using FundMail.Mime;
using FundMail.Util;

namespace FundMail.Mailbox
{
    /// <summary>
    /// Ad hoc, read-only reading of the mailbox (Get-FundMail, fundmail get): find messages, fetch them in one
    /// batch, and hand each over parsed as it arrives. Moves no checkpoint and changes nothing on the server.
    /// </summary>
    public sealed class MailReader : IDisposable
    {
        private readonly IMailboxClient _client;
        private readonly ILog _log;
        private readonly string _spool;
        private readonly MimeParseOptions _parse;
        private readonly IMimeParser _parser = new MimeParser();

        private MailReader(IMailboxClient client, MailboxState state, ILog log, string spool)
        {
            _client = client;
            State = state;
            _log = log;
            _spool = spool;
            _parse = new MimeParseOptions { AttachmentDirectory = Path.Combine(spool, "parts") };
        }

        public MailboxState State { get; }

        public static async Task<MailReader> OpenAsync(ImapSettings imap, ITokenProvider? tokens, ILog log, CancellationToken cancellationToken)
        {
            var open = await MailboxConnector.OpenAsync(imap, tokens, log, null, cancellationToken).ConfigureAwait(false);
            return new MailReader(open.Client, open.State, log, ScratchSpool.NewSession());
        }

        public async Task<IReadOnlyList<uint>> FindAsync(MailQuery query, CancellationToken cancellationToken)
        {
            // SEARCH SINCE compares dates in the server's time zone: a day earlier covers any offset, FetchAsync cuts exactly.
            var search = query.Since != null ? UidSearch.Since(query.Since.Value.Date.AddDays(-1)) : UidSearch.All;
            var uids = query.Select(await _client.SearchUidsAsync(search, cancellationToken).ConfigureAwait(false));
            _log.Verbose(query + ": " + uids.Count + " message(s)");
            return uids;
        }

        /// <summary>Fetches and parses <paramref name="uids"/>, calling <paramref name="onMail"/> for each as it arrives.</summary>
        /// <param name="since">Drops messages received before this (SEARCH SINCE has only day granularity).</param>
        public async Task<FetchResult> FetchAsync(IReadOnlyList<uint> uids, Func<MailMessage, Task> onMail, CancellationToken cancellationToken,
            DateTimeOffset? since = null)
        {
            var result = await _client.FetchAsync(uids, _spool, async fetched =>
            {
                if (since != null && fetched.InternalDate < since.Value)
                {
                    File.Delete(fetched.RawPath);
                    return;
                }
                var mail = _parser.Parse(fetched.RawPath, _parse);
                mail.Uid = fetched.Uid;
                mail.UidValidity = State.UidValidity;
                mail.ReceivedTime = fetched.InternalDate;
                await onMail(mail).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            if (result.Missing.Count > 0)
                _log.Warning("the server listed but did not return UID(s) " + string.Join(",", result.Missing));
            return result;
        }

        public void Dispose()
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                _client.LogoutWithoutWaitingAsync(timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is ImapException || e is OperationCanceledException || e is IOException)
            {
                // Logging out is a courtesy; the connection closes either way.
            }
            _client.Dispose();
        }
    }
}
