using System;
using FundMail.Net;

namespace FundMail.Imap
{
    public enum ImapSecurity
    {
        /// <summary>TLS from the first byte (port 993).</summary>
        ImplicitTls,
        /// <summary>Plain connect, then STARTTLS before anything else (port 143). Refused if the server does not offer it.</summary>
        StartTls,
    }

    /// <summary>Where and how to connect. The certificate is always fully validated (chain and host name).</summary>
    public sealed class ImapConnectOptions
    {
        public ImapConnectOptions(string host)
        {
            if (string.IsNullOrWhiteSpace(host))
                throw new ArgumentException("the IMAP host name is empty", nameof(host));
            Host = host;
        }

        public string Host { get; }

        public int Port { get; init; } = 993;

        public ImapSecurity Security { get; init; } = ImapSecurity.ImplicitTls;

        public TlsTrust Trust { get; init; } = TlsTrust.System;

        /// <summary>Limit for the TCP connect, TLS handshake and greeting.</summary>
        public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>Longest silence tolerated while waiting for the server during a command (restarts whenever data arrives).</summary>
        public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// Send the XOAUTH2 response with the command (SASL-IR, RFC 4959) when the server offers it. False forces the
        /// two-step exchange, which some proxies need.
        /// </summary>
        public bool UseSaslInitialResponse { get; init; } = true;

        /// <summary>Receives every line sent ("C: ...") and received ("S: ..."); credentials are replaced by "***", literal contents by their size.</summary>
        public Action<string>? Trace { get; init; }
    }
}
