using System;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Util;

namespace FundMail.Auth
{
    /// <summary>Supplies the OAuth access token for IMAP XOAUTH2; ask again each time one is needed.</summary>
    public interface ITokenProvider
    {
        /// <summary>A token valid for a while yet; renewed by the provider before it expires.</summary>
        /// <exception cref="TokenException">No token could be obtained; the message names the fix.</exception>
        Task<AccessToken> GetTokenAsync(CancellationToken cancellationToken);
    }

    public sealed class AccessToken
    {
        public AccessToken(Secret value, DateTimeOffset expiresOn)
        {
            Value = value;
            ExpiresOn = expiresOn;
        }

        public Secret Value { get; }
        public DateTimeOffset ExpiresOn { get; }

        public override string ToString() => "access token (expires " + ExpiresOn.ToString("u") + ")";
    }
}
