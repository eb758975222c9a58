namespace FundMail.Ssh
{
    /// <summary>What was negotiated with the server, for logs and diagnostics (no secrets).</summary>
    public sealed class SshConnectionInfo
    {
        internal SshConnectionInfo(SshTransport transport)
        {
            ServerVersion = transport.ServerVersion;
            KeyExchange = transport.KexAlgorithm;
            HostKeyAlgorithm = transport.HostKeyAlgorithm;
            HostKeyFingerprint = transport.HostKeyFingerprintSeen;
            CipherClientToServer = transport.CipherClientToServer;
            CipherServerToClient = transport.CipherServerToClient;
            StrictKeyExchange = transport.StrictKex;
            KeyExchangeCount = transport.KeyExchangeCount;
        }

        public string ServerVersion { get; }
        public string KeyExchange { get; }
        public string HostKeyAlgorithm { get; }

        /// <summary>The verified host key as "SHA256:...".</summary>
        public string HostKeyFingerprint { get; }

        public string CipherClientToServer { get; }
        public string CipherServerToClient { get; }

        /// <summary>OpenSSH strict key exchange (the Terrapin countermeasure) is in force.</summary>
        public bool StrictKeyExchange { get; }

        /// <summary>Key exchanges so far, the initial one included.</summary>
        public int KeyExchangeCount { get; }

        public override string ToString() =>
            ServerVersion + ", " + KeyExchange + (StrictKeyExchange ? " (strict)" : "") + ", host key " + HostKeyAlgorithm + " " +
            HostKeyFingerprint + ", cipher " + CipherClientToServer + ", " + KeyExchangeCount + " key exchange(s)";
    }
}
