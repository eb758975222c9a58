using System;

namespace FundMail.Ssh
{
    /// <summary>What the transport layer needs to know: where to connect, how to check the host key, and its timers.</summary>
    internal sealed class SshTransportSettings
    {
        public SshTransportSettings(string host, int port, HostKeyPolicy hostKeys)
        {
            Host = host;
            Port = port;
            HostKeys = hostKeys;
        }

        public string Host { get; }
        public int Port { get; }
        public HostKeyPolicy HostKeys { get; }
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Re-key after this much traffic in either direction (RFC 4344 §3.2 advises at most 1 GB for AES).</summary>
        public long RekeyAfterBytes { get; set; } = 1L << 30;

        public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);
    }
}
