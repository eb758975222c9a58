using System.Collections.Generic;

namespace FundMail.TestServers.Sshd
{
    /// <summary>sshd_config overrides for one test server; null leaves OpenSSH's default.</summary>
    public sealed class SshdOptions
    {
        public string? KexAlgorithms { get; set; }
        public string? HostKeyAlgorithms { get; set; }
        public string? Ciphers { get; set; }
        public string? MACs { get; set; }

        /// <summary>e.g. "16M" to force a server re-key every 16 MB.</summary>
        public string? RekeyLimit { get; set; }

        public string? AuthenticationMethods { get; set; }
        public bool PasswordAuthentication { get; set; } = true;
        public bool KbdInteractiveAuthentication { get; set; }

        /// <summary>keyboard-interactive needs PAM on Linux (without it sshd has no kbd-interactive device).</summary>
        public bool UsePam { get; set; }

        /// <summary>Further raw sshd_config lines, e.g. "MaxAuthTries 1".</summary>
        public List<string> ExtraLines { get; } = new List<string>();

        /// <summary>Public key lines for the test user's authorized_keys.</summary>
        public List<string> AuthorizedKeys { get; } = new List<string>();
    }
}
