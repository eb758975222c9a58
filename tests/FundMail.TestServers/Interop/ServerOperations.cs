using System.Collections.Generic;

namespace FundMail.TestServers.Interop
{
    /// <summary>What an interop server's own log says it did, in the order it did it.</summary>
    public sealed class ServerOperations
    {
        /// <summary>User authentication requests seen (a refused host key must end the connection before any).</summary>
        public int AuthenticationRequests { get; set; }

        /// <summary>Session channels opened (an sftp session each), refused ones not counted.</summary>
        public int SessionChannels { get; set; }

        /// <summary>The target path of each rename, posix-rename@openssh.com included, as the server ran them.</summary>
        public List<string> RenameTargets { get; } = new List<string>();

        /// <summary>The name of each SSH_FXP_EXTENDED request served, e.g. "fsync@openssh.com".</summary>
        public List<string> Extended { get; } = new List<string>();
    }
}
