using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Imap
{
    /// <summary>
    /// What the engine needs from a mail server: read-only access to one folder at a time, new UIDs, and full
    /// messages spooled to disk. Nothing here can change the mailbox (no SELECT, no STORE, no \Seen).
    /// </summary>
    public interface IMailboxClient : IDisposable
    {
        /// <summary>The live message count as last reported by the server (EXISTS/EXPUNGE, also mid-command).</summary>
        uint Exists { get; }

        Task ConnectAsync(CancellationToken cancellationToken);

        Task AuthenticateAsync(ImapCredentials credentials, CancellationToken cancellationToken);

        /// <summary>Times the client has waited on the server so far (TCP connect and TLS flights included).</summary>
        int RoundTrips { get; }

        /// <summary>Opens <paramref name="folder"/> read-only.</summary>
        Task<MailboxState> ExamineAsync(string folder, CancellationToken cancellationToken);

        /// <summary>
        /// Opens <paramref name="folder"/> read-only and runs <paramref name="query"/> in it (skipped when UIDNEXT shows that
        /// nothing can match); the UIDs found are in <see cref="MailboxState.Found"/>.
        /// </summary>
        Task<MailboxState> ExamineAndSearchAsync(string folder, UidSearch query, CancellationToken cancellationToken);

        /// <summary>UIDs in the open folder matching <paramref name="query"/>, ascending.</summary>
        Task<IReadOnlyList<uint>> SearchUidsAsync(UidSearch query, CancellationToken cancellationToken);

        /// <summary>
        /// Fetches <paramref name="uids"/> (their dates and sizes, then their bodies in one command; more only if the UID set is
        /// too long), spooling each message to a file in <paramref name="spoolDirectory"/> and handing it to
        /// <paramref name="onMessage"/> as it arrives.
        /// </summary>
        Task<FetchResult> FetchAsync(IReadOnlyList<uint> uids, string spoolDirectory, Func<FetchedMessage, Task> onMessage, CancellationToken cancellationToken);

        Task NoopAsync(CancellationToken cancellationToken);

        Task LogoutAsync(CancellationToken cancellationToken);

        /// <summary>
        /// Sends LOGOUT and closes the connection without waiting for the answer (saves a round trip). Only for a caller
        /// that needs nothing more from the session: everything before was completed and read.
        /// </summary>
        Task LogoutWithoutWaitingAsync(CancellationToken cancellationToken);
    }

    /// <summary>Makes the client for one connection; the engine asks for clients here and never builds one itself.</summary>
    public interface IMailboxClientFactory
    {
        IMailboxClient Create(ImapConnectOptions options);
    }

    /// <summary>Clients on MailKit (<see cref="MailKitMailboxClient"/>).</summary>
    public sealed class MailKitClientFactory : IMailboxClientFactory
    {
        public static MailKitClientFactory Instance { get; } = new MailKitClientFactory();

        public IMailboxClient Create(ImapConnectOptions options) => new MailKitMailboxClient(options);
    }

    /// <summary>A folder as EXAMINE reports it. A changed <see cref="UidValidity"/> means all earlier UIDs are void.</summary>
    public sealed class MailboxState
    {
        private readonly UidSearch? _search;
        private readonly IReadOnlyList<uint>? _found;

        public MailboxState(uint uidValidity, uint? uidNext, uint exists, UidSearch? search = null, IReadOnlyList<uint>? found = null)
        {
            UidValidity = uidValidity;
            UidNext = uidNext;
            Exists = exists;
            _search = search;
            _found = search == null ? null : found ?? throw new ArgumentNullException(nameof(found));
        }

        public uint UidValidity { get; }

        /// <summary>Predicted next UID; null when the server does not say.</summary>
        public uint? UidNext { get; }

        public uint Exists { get; }

        /// <summary>What the search run together with EXAMINE found, if that search was <paramref name="query"/>; else null.</summary>
        public IReadOnlyList<uint>? Found(UidSearch query) => _search != null && _search.IsSameAs(query) ? _found : null;
    }
}
