using System;
using System.Security.Authentication;

namespace FundMail.Net
{
    /// <summary>
    /// The TLS versions every connection asks for: 1.2 and 1.3. Windows PowerShell 5.1 runs on .NET Framework, whose
    /// old-target defaults may offer only TLS 1.0 unless the machine sets SchUseStrongCrypto or SystemDefaultTlsVersions;
    /// Microsoft's sign-in and Exchange endpoints refuse that ("could not create SSL/TLS secure channel"). Asked for per
    /// connection, never through the process-wide ServicePointManager that other modules share.
    /// </summary>
    public static class TlsProtocols
    {
        /// <summary>SslProtocols.Tls13, which netstandard2.0 does not name; runtimes that know it (.NET Framework 4.8, .NET Core 3+) define it.</summary>
        private const SslProtocols Tls13 = (SslProtocols)12288;

        /// <summary>TLS 1.2, and TLS 1.3 where the runtime knows it (a runtime that does not would reject the value).</summary>
        public static SslProtocols Modern { get; } =
            Enum.IsDefined(typeof(SslProtocols), Tls13) ? SslProtocols.Tls12 | Tls13 : SslProtocols.Tls12;
    }
}
