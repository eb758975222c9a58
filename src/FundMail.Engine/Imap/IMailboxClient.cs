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

        /// <summary>Opens <paramref name="folder"/> read-only.</summary>
        Task<MailboxState> ExamineAsync(string folder, CancellationToken cancellationToken);

        /// <summary>UIDs in the open folder matching <paramref name="query"/>, ascending.</summary>
        Task<IReadOnlyList<uint>> SearchUidsAsync(UidSearch query, CancellationToken cancellationToken);

        /// <summary>
        /// Fetches <paramref name="uids"/> in one pipelined command (more only if the UID set is too long), spooling each
        /// message to a file in <paramref name="spoolDirectory"/> and handing it to <paramref name="onMessage"/> as it arrives.
        /// </summary>
        Task<FetchResult> FetchAsync(IReadOnlyList<uint> uids, string spoolDirectory, Func<FetchedMessage, Task> onMessage, CancellationToken cancellationToken);

        Task NoopAsync(CancellationToken cancellationToken);

        Task LogoutAsync(CancellationToken cancellationToken);
    }

    /// <summary>A folder as EXAMINE reports it. A changed <see cref="UidValidity"/> means all earlier UIDs are void.</summary>
    public sealed class MailboxState
    {
        public MailboxState(uint uidValidity, uint? uidNext, uint exists)
        {
            UidValidity = uidValidity;
            UidNext = uidNext;
            Exists = exists;
        }

        public uint UidValidity { get; }

        /// <summary>Predicted next UID; null when the server does not say.</summary>
        public uint? UidNext { get; }

        public uint Exists { get; }
    }
}
