using System;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;

namespace FundMail.Mailbox
{
    /// <summary>
    /// Asks for the OAuth token as soon as it is created, so the token endpoint's round trips overlap the work done
    /// before the mailbox is opened. The first caller gets that request's outcome (a failure included) unless the token
    /// has come near expiry meanwhile; every later call goes to the provider as usual.
    /// </summary>
    public sealed class TokenHeadStart : IRejectableTokenProvider
    {
        /// <summary>Less left than this and the early token is not used: a fresh one is asked for instead.</summary>
        private static readonly TimeSpan MinimumLife = TimeSpan.FromMinutes(5);

        private readonly ITokenProvider _provider;
        private Task<AccessToken>? _early;

        public TokenHeadStart(ITokenProvider provider, CancellationToken cancellationToken)
        {
            _provider = provider ?? throw new ArgumentNullException(nameof(provider));
            // Task.Run: a provider's first call may do much CPU work (MSAL start-up) before it awaits anything.
            _early = Task.Run(() => provider.GetTokenAsync(cancellationToken), cancellationToken);
            // Never an unobserved failure if nobody comes to collect it; a caller that does sees the error itself.
            _early.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        public async Task<AccessToken> GetTokenAsync(CancellationToken cancellationToken)
        {
            var early = Interlocked.Exchange(ref _early, null);
            if (early != null)
            {
                var token = await early.ConfigureAwait(false);
                if (token.ExpiresOn - DateTimeOffset.UtcNow > MinimumLife)
                    return token;
            }
            return await _provider.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        }

        public bool Reject(AccessToken token) => _provider is IRejectableTokenProvider rejectable && rejectable.Reject(token);
    }
}
