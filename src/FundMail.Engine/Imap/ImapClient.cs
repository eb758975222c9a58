using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Imap
{
    /// <summary>
    /// IMAP4rev1 client (RFC 3501) for capturing mail: TLS always, read-only folder access, pipelined full-message
    /// fetches streamed to disk. One instance is one connection, used by one caller at a time; after a connection,
    /// protocol or timeout failure it refuses further calls: dispose it and connect anew.
    /// </summary>
    public sealed class ImapClient : IMailboxClient
    {
        private readonly ImapConnectOptions _options;
        private ImapSession? _session;

        public ImapClient(ImapConnectOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
        }

        public IReadOnlyCollection<string> Capabilities => Session.Capabilities;

        public uint Exists => _session?.Exists ?? 0;

        public bool IsAuthenticated { get; private set; }

        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            if (_session != null)
                throw new InvalidOperationException("this ImapClient is already connected; use a new instance per connection");
            var transport = new ImapTransport(_options);
            _session = new ImapSession(_options, transport);
            var where = _options.Host + ":" + _options.Port;
            await _session.GuardAsync("connect to " + where, _options.ConnectTimeout, cancellationToken, async token =>
            {
                await transport.ConnectAsync(token).ConfigureAwait(false);
                var greeting = await _session.ReadResponseAsync(null, token).ConfigureAwait(false);
                if (greeting.IsStatus("BYE"))
                    throw new ImapConnectionException("the server at " + where + " refused the connection: " + greeting.Text);
                if (greeting.Kind != ImapResponseKind.Untagged || !(greeting.IsStatus("OK") || greeting.IsStatus("PREAUTH")))
                    throw new ImapProtocolException("expected a greeting from " + where + ", got '" + greeting + "'");
                IsAuthenticated = greeting.IsStatus("PREAUTH");
                if (_options.Security == ImapSecurity.StartTls)
                    await StartTlsAsync(where, token).ConfigureAwait(false);
                else if (_session.Capabilities.Count == 0)
                    await CapabilityAsync(token).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        }

        public async Task AuthenticateAsync(ImapCredentials credentials, CancellationToken cancellationToken)
        {
            var session = Session;
            var password = credentials.Password;
            var token = credentials.TokenSource != null ? await credentials.TokenSource(cancellationToken).ConfigureAwait(false) : null;
            await session.GuardAsync("authentication of " + credentials.User, _options.CommandTimeout, cancellationToken, async ct =>
            {
                if (token != null)
                    await ImapAuthenticator.XOAuth2Async(session, _options.UseSaslInitialResponse, credentials.User, token, ct).ConfigureAwait(false);
                else
                    await ImapAuthenticator.LoginAsync(session, credentials.User, password!, ct).ConfigureAwait(false);
                // Servers may offer more after login; refresh unless the OK already carried the new list.
                await CapabilityAsync(ct).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
            IsAuthenticated = true;
        }

        public Task<MailboxState> ExamineAsync(string folder, CancellationToken cancellationToken)
        {
            var session = Session;
            return session.GuardAsync("EXAMINE " + folder, _options.CommandTimeout, cancellationToken, async ct =>
            {
                uint? validity = null, next = null;
                var response = await session.RunAsync(new ImapCommand("EXAMINE").Text(ImapArguments.MailboxName(folder)), ct, onUntagged: untagged =>
                {
                    var code = untagged.IsStatus("OK") ? untagged.Code : null;
                    if (code != null && TryCode(code, "UIDVALIDITY", out var v))
                        validity = v;
                    if (code != null && TryCode(code, "UIDNEXT", out var n))
                        next = n;
                    return Task.CompletedTask;
                }).ConfigureAwait(false);
                if (!response.IsStatus("OK"))
                    throw ImapServerErrors.FromStatus("EXAMINE", response);
                if (validity == null)
                    throw new ImapProtocolException("EXAMINE " + folder + " succeeded without a UIDVALIDITY");
                return new MailboxState(validity.Value, next, session.Exists);
            });
        }

        public Task<IReadOnlyList<uint>> SearchUidsAsync(UidSearch query, CancellationToken cancellationToken)
        {
            var session = Session;
            return session.GuardAsync("UID SEARCH " + query.Criteria, _options.CommandTimeout, cancellationToken, async ct =>
            {
                var uids = new List<uint>();
                var response = await session.RunAsync(new ImapCommand("UID SEARCH").Text(query.Criteria), ct, onUntagged: untagged =>
                {
                    if (untagged.Name == "SEARCH")
                        uids.AddRange(untagged.Numbers);
                    return Task.CompletedTask;
                }).ConfigureAwait(false);
                if (!response.IsStatus("OK"))
                    throw ImapServerErrors.FromStatus("UID SEARCH", response);
                return (IReadOnlyList<uint>)uids.Where(u => u >= query.MinimumUid).Distinct().OrderBy(u => u).ToList();
            });
        }

        public Task<FetchResult> FetchAsync(IReadOnlyList<uint> uids, string spoolDirectory, Func<FetchedMessage, Task> onMessage, CancellationToken cancellationToken)
        {
            var session = Session;
            return session.GuardAsync("UID FETCH of " + uids.Count + " messages", _options.CommandTimeout, cancellationToken,
                ct => new ImapFetcher(session, spoolDirectory, onMessage).FetchAsync(uids, ct));
        }

        public Task NoopAsync(CancellationToken cancellationToken) => SimpleAsync("NOOP", cancellationToken);

        public async Task LogoutAsync(CancellationToken cancellationToken)
        {
            var session = Session;
            try
            {
                await SimpleAsync("LOGOUT", cancellationToken).ConfigureAwait(false);
            }
            catch (ImapConnectionException) when (session.ByeText != null)
            {
                // Some servers close right after BYE without the tagged OK; the logout still happened.
            }
            IsAuthenticated = false;
            session.Dispose();
        }

        public void Dispose() => _session?.Dispose();

        private ImapSession Session => _session ?? throw new InvalidOperationException("call ConnectAsync first");

        private async Task StartTlsAsync(string where, CancellationToken ct)
        {
            var session = Session;
            if (session.Capabilities.Count == 0)
                await CapabilityAsync(ct).ConfigureAwait(false);
            if (!session.Capabilities.Contains("STARTTLS"))
                throw new ImapTlsException("the server at " + where + " does not offer STARTTLS; refusing to continue without encryption");
            var response = await session.RunAsync(new ImapCommand("STARTTLS"), ct).ConfigureAwait(false);
            if (!response.IsStatus("OK"))
                throw new ImapTlsException("the server at " + where + " refused STARTTLS: " + response.Name + " " + response.Text);
            await session.Transport.StartTlsAsync(ct).ConfigureAwait(false);
            // Capabilities learned before TLS may have been tampered with (RFC 3501 §6.2.1): ask again.
            await CapabilityAsync(ct).ConfigureAwait(false);
        }

        private async Task CapabilityAsync(CancellationToken ct)
        {
            var response = await Session.RunAsync(new ImapCommand("CAPABILITY"), ct).ConfigureAwait(false);
            if (!response.IsStatus("OK"))
                throw ImapServerErrors.FromStatus("CAPABILITY", response);
        }

        private Task SimpleAsync(string command, CancellationToken cancellationToken)
        {
            var session = Session;
            return session.GuardAsync(command, _options.CommandTimeout, cancellationToken, async ct =>
            {
                var response = await session.RunAsync(new ImapCommand(command), ct).ConfigureAwait(false);
                if (!response.IsStatus("OK"))
                    throw ImapServerErrors.FromStatus(command, response);
                return true;
            });
        }

        private static bool TryCode(string code, string name, out uint value)
        {
            value = 0;
            var parts = code.Split(' ');
            return parts.Length == 2 && string.Equals(parts[0], name, StringComparison.OrdinalIgnoreCase)
                && uint.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
        }
    }
}
