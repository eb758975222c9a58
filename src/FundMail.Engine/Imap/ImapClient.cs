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

        /// <summary>Times this connection has waited on the server so far: TCP connect, TLS flights, and each command (pipelined ones once).</summary>
        public int RoundTrips => _session?.Transport.RoundTrips ?? 0;

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
            var announced = session.CapabilityAnnouncements;
            await session.GuardAsync("authentication of " + credentials.User, _options.CommandTimeout, cancellationToken, async ct =>
            {
                if (token != null)
                    await ImapAuthenticator.XOAuth2Async(session, _options.UseSaslInitialResponse, credentials.User, token, ct).ConfigureAwait(false);
                else
                    await ImapAuthenticator.LoginAsync(session, credentials.User, password!, ct).ConfigureAwait(false);
                // Servers may offer more after login; most say so in the OK. Nothing after login needs the list, so
                // rather than ask (a round trip) it is only marked as possibly outdated.
                if (session.CapabilityAnnouncements == announced)
                    session.CapabilitiesCurrent = false;
                return true;
            }).ConfigureAwait(false);
            IsAuthenticated = true;
        }

        public Task<MailboxState> ExamineAsync(string folder, CancellationToken cancellationToken) =>
            ExamineAsync(folder, null, cancellationToken);

        public Task<MailboxState> ExamineAndSearchAsync(string folder, UidSearch query, CancellationToken cancellationToken) =>
            ExamineAsync(folder, query ?? throw new ArgumentNullException(nameof(query)), cancellationToken);

        public Task<IReadOnlyList<uint>> SearchUidsAsync(UidSearch query, CancellationToken cancellationToken)
        {
            var session = Session;
            return session.GuardAsync("UID SEARCH " + query.Criteria, _options.CommandTimeout, cancellationToken, async ct =>
            {
                var uids = new List<uint>();
                var response = await session.RunAsync(SearchCommand(query), ct, onUntagged: untagged =>
                {
                    Collect(untagged, uids);
                    return Task.CompletedTask;
                }).ConfigureAwait(false);
                if (!response.IsStatus("OK"))
                    throw ImapServerErrors.FromStatus("UID SEARCH", response);
                return query.Normalise(uids);
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

        public Task LogoutWithoutWaitingAsync(CancellationToken cancellationToken)
        {
            var session = Session;
            return session.GuardAsync("LOGOUT", _options.CommandTimeout, cancellationToken, async ct =>
            {
                await session.SendOnlyAsync(new ImapCommand("LOGOUT"), ct).ConfigureAwait(false);
                IsAuthenticated = false;
                session.Transport.Close();
                return true;
            });
        }

        public void Dispose() => _session?.Dispose();

        /// <summary>
        /// EXAMINE, with <paramref name="query"/> pipelined behind it: both go in one write and cost one round trip. A failed
        /// EXAMINE leaves no folder selected, so the search then fails too; the EXAMINE error is the one reported.
        /// </summary>
        private Task<MailboxState> ExamineAsync(string folder, UidSearch? query, CancellationToken cancellationToken)
        {
            var session = Session;
            var step = "EXAMINE " + folder + (query == null ? "" : " and UID SEARCH " + query.Criteria);
            return session.GuardAsync(step, _options.CommandTimeout, cancellationToken, async ct =>
            {
                uint? validity = null, next = null;
                var uids = new List<uint>();
                var commands = new List<ImapCommand> { new ImapCommand("EXAMINE").Text(ImapArguments.MailboxName(folder)) };
                if (query != null)
                    commands.Add(SearchCommand(query));
                var completions = await session.RunPipelinedAsync(commands, (index, untagged) =>
                {
                    if (index == 1)
                        Collect(untagged, uids);
                    var code = untagged.IsStatus("OK") ? untagged.Code : null;
                    if (index == 0 && code != null && TryCode(code, "UIDVALIDITY", out var v))
                        validity = v;
                    if (index == 0 && code != null && TryCode(code, "UIDNEXT", out var n))
                        next = n;
                    return Task.CompletedTask;
                }, ct).ConfigureAwait(false);
                if (!completions[0].IsStatus("OK"))
                    throw ImapServerErrors.FromStatus("EXAMINE", completions[0]);
                if (validity == null)
                    throw new ImapProtocolException("EXAMINE " + folder + " succeeded without a UIDVALIDITY");
                if (query == null)
                    return new MailboxState(validity.Value, next, session.Exists);
                if (!completions[1].IsStatus("OK"))
                    throw ImapServerErrors.FromStatus("UID SEARCH", completions[1]);
                return new MailboxState(validity.Value, next, session.Exists, query, query.Normalise(uids));
            });
        }

        private static ImapCommand SearchCommand(UidSearch query) => new ImapCommand("UID SEARCH").Text(query.Criteria);

        private static void Collect(ImapResponse untagged, List<uint> uids)
        {
            if (untagged.Name == "SEARCH")
                uids.AddRange(untagged.Numbers);
        }

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
