using System;
using System.Collections.Generic;
using FundMail.Util;

namespace FundMail.Sftp
{
    /// <summary>Where and how to open an SFTP session. The host key must be pinned by fingerprint(s) or a known_hosts file.</summary>
    public sealed class SftpConnectOptions
    {
        public string Host { get; set; } = "";
        public int Port { get; set; } = 22;
        public string User { get; set; } = "";
        public Secret? Password { get; set; }

        /// <summary>An OpenSSH or PuTTY (.ppk v2/v3) private key file: ed25519, ecdsa nistp256/384/521 or rsa.</summary>
        public string? PrivateKeyFile { get; set; }

        /// <summary>The passphrase of <see cref="PrivateKeyFile"/>, when it has one.</summary>
        public Secret? PrivateKeyPassphrase { get; set; }

        /// <summary>"SHA256:..." fingerprints as `ssh-keygen -lf` prints them; any one may match.</summary>
        public IReadOnlyList<string> HostKeyFingerprints { get; set; } = new string[0];

        public string? KnownHostsFile { get; set; }
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Longest wait for any single SFTP answer before the connection counts as dead.</summary>
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(60);

        public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Client-initiated re-key after this much traffic (tests lower it; 1 GiB also bounds the packet count).</summary>
        internal long RekeyAfterBytes { get; set; } = 1L << 30;

        internal void Validate()
        {
            var problems = new List<string>();
            if (string.IsNullOrWhiteSpace(Host)) problems.Add("Host is empty");
            if (Port < 1 || Port > 65535) problems.Add("Port " + Port + " is not between 1 and 65535");
            if (string.IsNullOrWhiteSpace(User)) problems.Add("User is empty");
            if (Password == null && PrivateKeyFile == null) problems.Add("neither Password nor PrivateKeyFile is set");
            if (ConnectTimeout <= TimeSpan.Zero || OperationTimeout <= TimeSpan.Zero) problems.Add("timeouts must be positive");
            if (problems.Count > 0) throw new ArgumentException("SFTP connection options are not usable: " + string.Join("; ", problems));
        }
    }
}
