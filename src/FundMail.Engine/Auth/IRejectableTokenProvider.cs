namespace FundMail.Auth
{
    /// <summary>A token provider that can be told the server refused a token it handed out.</summary>
    public interface IRejectableTokenProvider : ITokenProvider
    {
        /// <summary>
        /// The server refused <paramref name="token"/>. Returns true when the token came from a cache and was dropped, so the
        /// next call brings a freshly issued one and one more try is worth it; false when it was fresh already.
        /// </summary>
        bool Reject(AccessToken token);
    }
}
