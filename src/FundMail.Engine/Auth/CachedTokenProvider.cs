using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Auth
{
    /// <summary>
    /// Keeps the app-only token between runs in BASE_DIR (<see cref="TokenCacheFile"/>): a run that finds one issued for the
    /// same configuration with at least <see cref="MinimumLife"/> left uses it without starting MSAL at all (no assembly
    /// load, no round trips to the token endpoint). Otherwise MSAL is created and asked, and its token stored for the next run.
    /// Without a state directory (Get-FundMail with no BASE_DIR) there is no file: every token comes from MSAL.
    /// </summary>
    public sealed class CachedTokenProvider : IRejectableTokenProvider, IDisposable
    {
        /// <summary>Less left than this and a cached token is not used: a cycle must not run out of token half way.</summary>
        public static readonly TimeSpan MinimumLife = TimeSpan.FromMinutes(5);

        private readonly AppCredentials _credentials;
        private readonly TokenCacheFile? _file;
        private readonly string _key;
        private readonly object _gate = new object();
        private bool _fileRead;
        private AccessToken? _fromFile;
        // Typed as interfaces: a field of MSAL-backed type would load Microsoft.Identity.Client with this class.
        private ITokenProvider? _msal;

        /// <param name="stateDirectory">BASE_DIR, where the checkpoint and run status live too; null for no file.</param>
        /// <exception cref="TokenException">The credentials are incomplete.</exception>
        public CachedTokenProvider(AppCredentials credentials, string? stateDirectory)
        {
            var problems = credentials.Problems();
            if (problems.Count > 0)
                throw new TokenException("app credentials are not usable: " + string.Join("; ", problems), null, false);
            _credentials = credentials;
            _file = stateDirectory == null ? null : new TokenCacheFile(stateDirectory);
            _key = TokenCacheKey.For(credentials, MsalTokenProvider.ExchangeScope);
        }

        public async Task<AccessToken> GetTokenAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (!_fileRead)
                {
                    _fileRead = true;
                    _fromFile = _file?.Read(_key);
                }
                if (_fromFile != null && _fromFile.ExpiresOn - DateTimeOffset.UtcNow >= MinimumLife)
                    return _fromFile;
                _fromFile = null;
            }
            var token = await Msal().GetTokenAsync(cancellationToken).ConfigureAwait(false);
            Store(token);
            return token;
        }

        public bool Reject(AccessToken token)
        {
            lock (_gate)
            {
                if (_fromFile == null || !ReferenceEquals(token, _fromFile))
                    return false;
                // From now on this provider goes to MSAL; the file goes too, so no other run picks the refused token up.
                _fromFile = null;
                _file!.Delete();
                return true;
            }
        }

        public void Dispose() => (_msal as IDisposable)?.Dispose();

        private ITokenProvider Msal()
        {
            lock (_gate)
                return _msal ??= CreateMsal(_credentials);
        }

        // Not inlined: the JIT loads MSAL's types only when a method mentioning them is compiled, i.e. on the first miss.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ITokenProvider CreateMsal(AppCredentials credentials) => new MsalTokenProvider(credentials);

        /// <summary>A cache that cannot be written costs the next run a token request, never this run its token.</summary>
        private void Store(AccessToken token)
        {
            if (_file == null) return;
            try
            {
                _file.Write(_key, token);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is Win32Exception)
            {
            }
        }
    }
}
