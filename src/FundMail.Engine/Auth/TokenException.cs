using System;

namespace FundMail.Auth
{
    /// <summary>
    /// No access token could be obtained. The message says what to fix in admin terms (which setting,
    /// which portal page) and carries Entra's AADSTS code; it never contains a secret or a token.
    /// </summary>
    public sealed class TokenException : Exception
    {
        public TokenException(string message, string? aadstsCode, bool isTransient, Exception? inner = null)
            : base(message, inner)
        {
            AadstsCode = aadstsCode;
            IsTransient = isTransient;
        }

        /// <summary>e.g. "AADSTS7000215", when the token endpoint gave one.</summary>
        public string? AadstsCode { get; }

        /// <summary>True when trying again later may succeed (network, timeout, throttling); false for configuration errors.</summary>
        public bool IsTransient { get; }
    }
}
