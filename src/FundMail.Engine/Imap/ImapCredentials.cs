using System;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Util;

namespace FundMail.Imap
{
    /// <summary>How to log in: a password (LOGIN) or an OAuth access token (AUTHENTICATE XOAUTH2).</summary>
    public sealed class ImapCredentials
    {
        private ImapCredentials(string user, Secret? password, Func<CancellationToken, Task<Secret>>? tokenSource)
        {
            if (string.IsNullOrEmpty(user))
                throw new ArgumentException("the IMAP user name is empty", nameof(user));
            User = user;
            Password = password;
            TokenSource = tokenSource;
        }

        public string User { get; }

        internal Secret? Password { get; }

        internal Func<CancellationToken, Task<Secret>>? TokenSource { get; }

        public bool IsOAuth => TokenSource != null;

        public static ImapCredentials Login(string user, Secret password) =>
            new ImapCredentials(user, password ?? throw new ArgumentNullException(nameof(password)), null);

        /// <summary>XOAUTH2 for <paramref name="user"/> (the mailbox); the token is asked for at each authentication.</summary>
        public static ImapCredentials XOAuth2(string user, Func<CancellationToken, Task<Secret>> tokenSource) =>
            new ImapCredentials(user, null, tokenSource ?? throw new ArgumentNullException(nameof(tokenSource)));

        public override string ToString() => (IsOAuth ? "XOAUTH2 " : "LOGIN ") + User;
    }
}
