using System;
using FundMail.Imap;

namespace FundMail.Mailbox
{
    /// <summary>A connected, authenticated session with its folder open read-only, and what getting there cost.</summary>
    public sealed class OpenMailbox
    {
        public OpenMailbox(IMailboxClient client, MailboxState state, TimeSpan connect, TimeSpan auth, TimeSpan select)
        {
            Client = client;
            State = state;
            Connect = connect;
            Auth = auth;
            Select = select;
        }

        public IMailboxClient Client { get; }

        public MailboxState State { get; }

        /// <summary>TCP connect, TLS handshake and the server's greeting.</summary>
        public TimeSpan Connect { get; }

        /// <summary>Waiting for the token (fetched while connecting) and the login itself.</summary>
        public TimeSpan Auth { get; }

        /// <summary>EXAMINE, and the search run with it.</summary>
        public TimeSpan Select { get; }
    }
}
