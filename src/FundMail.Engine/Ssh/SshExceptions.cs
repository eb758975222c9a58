using System;

namespace FundMail.Ssh
{
    /// <summary>Base of every SSH/SFTP failure. IsRetryable tells the caller whether a later attempt can succeed unchanged.</summary>
    public abstract class SshException : Exception
    {
        protected SshException(string message, Exception? inner = null) : base(message, inner) { }

        public abstract bool IsRetryable { get; }
    }

    /// <summary>The connection failed, dropped, timed out or was reset: try again later.</summary>
    public sealed class SshConnectionException : SshException
    {
        public SshConnectionException(string message, Exception? inner = null) : base(message, inner) { }

        public override bool IsRetryable => true;
    }

    /// <summary>The server ended the session with SSH_MSG_DISCONNECT; the reason code says why.</summary>
    public sealed class SshDisconnectException : SshException
    {
        public SshDisconnectException(uint reason, string description)
            : base("the SSH server disconnected: " + DisconnectReasons.Name(reason) + " (" + reason + ")" +
                   (description.Length > 0 ? ": " + description : ""))
        {
            Reason = reason;
        }

        public uint Reason { get; }

        // Only "too many connections", "connection lost" and "by application" (e.g. a restarting server) may go away on their own.
        public override bool IsRetryable => Reason == 10 || Reason == 11 || Reason == 12;
    }

    /// <summary>The peer broke the protocol, or no algorithm in common: retrying will not help.</summary>
    public sealed class SshProtocolException : SshException
    {
        public SshProtocolException(string message, Exception? inner = null) : base("SSH protocol error: " + message, inner) { }

        public override bool IsRetryable => false;
    }

    /// <summary>The server's host key is not the pinned one (or none is pinned). Nothing was authenticated.</summary>
    public sealed class SshHostKeyException : SshException
    {
        public SshHostKeyException(string message, string offeredAlgorithm, string offeredFingerprint) : base(message)
        {
            OfferedAlgorithm = offeredAlgorithm;
            OfferedFingerprint = offeredFingerprint;
        }

        /// <summary>The first key the server offered (the message lists every key seen).</summary>
        public string OfferedAlgorithm { get; }

        public string OfferedFingerprint { get; }
        public override bool IsRetryable => false;

        /// <summary>The server has a key of another type that a new connection can ask for.</summary>
        internal bool AnotherKeyTypeRemains { get; set; }
    }

    /// <summary>The server refused our credentials; AllowedMethods lists what it would accept.</summary>
    public sealed class SshAuthenticationException : SshException
    {
        public SshAuthenticationException(string message, string[] allowedMethods) : base(message)
        {
            AllowedMethods = allowedMethods;
        }

        public string[] AllowedMethods { get; }
        public override bool IsRetryable => false;
    }

    /// <summary>A private key file that cannot be used (format, encryption, key type).</summary>
    public sealed class SshKeyFileException : SshException
    {
        public SshKeyFileException(string path, string problem) : base("private key file '" + path + "': " + problem) { }

        public override bool IsRetryable => false;
    }

    internal static class DisconnectReasons
    {
        private static readonly string[] Names =
        {
            "", "host not allowed to connect", "protocol error", "key exchange failed", "reserved", "MAC error",
            "compression error", "service not available", "protocol version not supported", "host key not verifiable",
            "connection lost", "by application", "too many connections", "auth cancelled by user",
            "no more auth methods available", "illegal user name",
        };

        public static string Name(uint reason) => reason < Names.Length && reason > 0 ? Names[reason] : "unknown reason";
    }
}
