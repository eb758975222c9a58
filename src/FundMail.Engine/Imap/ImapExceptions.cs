using System;

namespace FundMail.Imap
{
    /// <summary>Base of every IMAP failure; messages name what went wrong and, where known, the fix. Never carries a secret.</summary>
    public class ImapException : Exception
    {
        public ImapException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>The server sent something that is not valid IMAP (or exceeds a safety limit).</summary>
    public sealed class ImapProtocolException : ImapException
    {
        public ImapProtocolException(string message) : base("IMAP protocol error: " + message) { }
    }

    /// <summary>The connection could not be made, was closed by the server (e.g. after BYE) or became unusable.</summary>
    public sealed class ImapConnectionException : ImapException
    {
        public ImapConnectionException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>The server's TLS certificate was refused, or TLS could not be negotiated.</summary>
    public sealed class ImapTlsException : ImapException
    {
        public ImapTlsException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>No answer from the server within the configured timeout; the connection is closed.</summary>
    public sealed class ImapTimeoutException : ImapException
    {
        public ImapTimeoutException(string message) : base(message) { }
    }

    /// <summary>Login or token refused, or the account may not use the mailbox over IMAP.</summary>
    public sealed class ImapAuthenticationException : ImapException
    {
        public ImapAuthenticationException(string message) : base(message) { }
    }

    /// <summary>The server answered a command with NO or BAD.</summary>
    public sealed class ImapCommandException : ImapException
    {
        public ImapCommandException(string command, string status, string serverText)
            : base(command + " failed: " + status + " " + serverText)
        {
            Command = command;
            Status = status;
            ServerText = serverText;
        }

        public string Command { get; }
        public string Status { get; }
        public string ServerText { get; }
    }

    /// <summary>The server (Exchange Online) throttles this client; wait <see cref="Backoff"/> before the next attempt.</summary>
    public sealed class ImapThrottledException : ImapException
    {
        public ImapThrottledException(TimeSpan backoff, string serverText)
            : base("the server throttles requests (\"" + serverText + "\"); back off " + (long)backoff.TotalMilliseconds
                   + " ms before reconnecting and do not retry sooner")
        {
            Backoff = backoff;
        }

        public TimeSpan Backoff { get; }
    }
}
