using System.Collections.Generic;

namespace FundMail.TestServers.Interop
{
    /// <summary>How an interop SFTP server (AsyncSSH, ProFTPD) differs from its defaults for one test class.</summary>
    public sealed class InteropServerOptions
    {
        /// <summary>SFTP extensions the server must not offer, e.g. "fsync@openssh.com" (both offer it by default).</summary>
        public List<string> WithoutExtensions { get; } = new List<string>();

        /// <summary>Refuse a connection's second session channel, as OpenSSH does with MaxSessions 1.</summary>
        public bool RefuseSecondSession { get; set; }

        /// <summary>OpenSSH public key lines (ssh-keygen's .pub) that may log in as the test user.</summary>
        public List<string> AuthorizedKeys { get; } = new List<string>();
    }
}
