using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Net;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace FundMail.Imap
{
    /// <summary>
    /// <see cref="IMailboxClient"/> on MailKit: TLS always (1.2 or 1.3, certificate and host name always checked), the
    /// folder opened read-only, messages spooled to disk. One instance is one connection, used by one caller at a time;
    /// after a lost connection, a timeout or a cancellation (MailKit disconnects then) it refuses further calls: connect anew.
    /// </summary>
    public sealed class MailKitMailboxClient : IMailboxClient
    {
        private readonly ImapConnectOptions _options;
        private readonly ImapTranscript _transcript;
        private readonly ImapErrors _errors;
        private readonly SpoolingImapClient _imap;
        private WatchedSocketStream? _socket;
        private SpoolingImapFolder? _folder;
        private string? _unusable;

        public MailKitMailboxClient(ImapConnectOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _transcript = new ImapTranscript(options.Trace);
            _errors = new ImapErrors(options, _transcript);
            _imap = new SpoolingImapClient(_transcript)
            {
                SslProtocols = TlsProtocols.Modern,
                // As before MailKit: the chain is checked against the trust store, revocation is not fetched.
                CheckCertificateRevocation = false,
                ServerCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    if (options.Trust.Validate(certificate, chain, errors))
                        return true;
                    _errors.CertificateRefusal = errors;
                    return false;
                },
            };
        }

        public uint Exists => (uint)(_folder?.Count ?? 0);

        public bool IsAuthenticated => _imap.IsAuthenticated;

        /// <summary>The TLS versions this client offers.</summary>
        internal System.Security.Authentication.SslProtocols SslProtocols => _imap.SslProtocols;

        public int RoundTrips => _socket?.RoundTrips ?? 0;

        public Task ConnectAsync(CancellationToken cancellationToken)
        {
            if (_socket != null)
                throw new InvalidOperationException("this client is already connected; use a new instance per connection");
            var step = "connect to " + _options.Host + ":" + _options.Port;
            var command = _options.Security == ImapSecurity.StartTls ? "STARTTLS" : "CAPABILITY";
            return GuardAsync(step, command, _options.ConnectTimeout, cancellationToken, async ct =>
            {
                _socket = new WatchedSocketStream(await TcpConnectAsync(ct).ConfigureAwait(false)) { IdleTimeout = _options.ConnectTimeout };
                var security = _options.Security == ImapSecurity.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.SslOnConnect;
                await _imap.ConnectAsync(_socket, _options.Host, _options.Port, security, ct).ConfigureAwait(false);
                return true;
            });
        }

        public async Task AuthenticateAsync(ImapCredentials credentials, CancellationToken cancellationToken)
        {
            var token = credentials.TokenSource != null ? await credentials.TokenSource(cancellationToken).ConfigureAwait(false) : null;
            var command = token != null ? "AUTHENTICATE" : "LOGIN";
            XOAuth2Mechanism? mechanism = null;
            var tokenRefused = false;
            try
            {
                await GuardAsync("authentication of " + credentials.User, command, _options.CommandTimeout, cancellationToken, async ct =>
                {
                    if (token != null)
                    {
                        if (!_imap.AuthenticationMechanisms.Contains("XOAUTH2"))
                            throw new ImapAuthenticationException("the server does not offer AUTH=XOAUTH2");
                        if (!_options.UseSaslInitialResponse)
                            _imap.Capabilities &= ~ImapCapabilities.SaslIR;
                        mechanism = new XOAuth2Mechanism(credentials.User, token.Reveal());
                        try
                        {
                            await _imap.AuthenticateAsync(mechanism, ct).ConfigureAwait(false);
                        }
                        catch (AuthenticationException)
                        {
                            tokenRefused = true;
                            throw;
                        }
                    }
                    else
                    {
                        if ((_imap.Capabilities & ImapCapabilities.LoginDisabled) != 0)
                            throw new ImapAuthenticationException("the server refuses LOGIN on this connection (LOGINDISABLED); use TLS or XOAUTH2");
                        // LOGIN as configured, not a SASL mechanism MailKit would rank higher.
                        _imap.AuthenticationMechanisms.Clear();
                        await _imap.AuthenticateAsync(Encoding.UTF8, new NetworkCredential(credentials.User, credentials.Password!.Reveal()), ct)
                            .ConfigureAwait(false);
                    }
                    return true;
                }).ConfigureAwait(false);
            }
            catch (ImapAuthenticationException e) when (tokenRefused)
            {
                var hint = TokenHints.Describe(token!.Reveal(), credentials.User, DateTimeOffset.UtcNow);
                throw new ImapAuthenticationException("XOAUTH2 for '" + credentials.User + "' refused: " + e.Message + " (" + hint
                    + (mechanism!.ServerDetail != null ? "; " + mechanism.ServerDetail : "") + ")");
            }
        }

        public Task<MailboxState> ExamineAsync(string folder, CancellationToken cancellationToken) =>
            ExamineAsync(folder, null, cancellationToken);

        public Task<MailboxState> ExamineAndSearchAsync(string folder, UidSearch query, CancellationToken cancellationToken) =>
            ExamineAsync(folder, query ?? throw new ArgumentNullException(nameof(query)), cancellationToken);

        public Task<IReadOnlyList<uint>> SearchUidsAsync(UidSearch query, CancellationToken cancellationToken) =>
            GuardAsync("UID SEARCH " + query.Criteria, "UID SEARCH", _options.CommandTimeout, cancellationToken, ct => SearchAsync(Folder, query, ct));

        public Task<FetchResult> FetchAsync(IReadOnlyList<uint> uids, string spoolDirectory, Func<FetchedMessage, Task> onMessage, CancellationToken cancellationToken)
        {
            var folder = Folder;
            return GuardAsync("UID FETCH of " + uids.Count + " messages", "UID FETCH", _options.CommandTimeout, cancellationToken,
                ct => new SpoolingFetch(folder, spoolDirectory, onMessage).RunAsync(uids, ct));
        }

        public Task NoopAsync(CancellationToken cancellationToken) =>
            GuardAsync("NOOP", "NOOP", _options.CommandTimeout, cancellationToken, async ct =>
            {
                await _imap.NoOpAsync(ct).ConfigureAwait(false);
                return true;
            });

        public Task LogoutAsync(CancellationToken cancellationToken) =>
            GuardAsync("LOGOUT", "LOGOUT", _options.CommandTimeout, cancellationToken, async ct =>
            {
                await _imap.DisconnectAsync(true, ct).ConfigureAwait(false);
                _unusable = "logged out";
                return true;
            });

        public Task LogoutWithoutWaitingAsync(CancellationToken cancellationToken) =>
            GuardAsync("LOGOUT", "LOGOUT", _options.CommandTimeout, cancellationToken, async ct =>
            {
                // LOGOUT goes out, then the socket closes; MailKit's wait for the answer ends at once, without a round trip.
                Socket.CloseAfterNextFlush();
                await _imap.DisconnectAsync(true, ct).ConfigureAwait(false);
                _unusable = "logged out";
                return true;
            });

        public void Dispose()
        {
            _imap.Dispose();
            _socket?.Dispose();
        }

        /// <summary>
        /// EXAMINE, then the search. When the search asks only for UIDs above one the server's UIDNEXT says is not yet used,
        /// or the folder is empty, nothing can match (RFC 3501 §2.3.1.1: every existing UID is below UIDNEXT), so the idle
        /// check of a cycle saves the round trip.
        /// </summary>
        private Task<MailboxState> ExamineAsync(string name, UidSearch? query, CancellationToken cancellationToken)
        {
            var step = "EXAMINE " + name + (query == null ? "" : " and UID SEARCH " + query.Criteria);
            return GuardAsync(step, "EXAMINE", _options.CommandTimeout, cancellationToken, async ct =>
            {
                var folder = (SpoolingImapFolder)(string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase)
                    ? _imap.Inbox
                    : await _imap.GetFolderAsync(name, ct).ConfigureAwait(false));
                await folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
                _folder = folder;
                if (folder.UidValidity == 0)
                    throw new ImapProtocolException("EXAMINE " + name + " succeeded without a UIDVALIDITY");
                var next = folder.UidNext?.Id;
                if (query == null)
                    return new MailboxState(folder.UidValidity, next, Exists);
                var found = folder.Count == 0 || (next != null && next.Value <= query.MinimumUid)
                    ? Array.Empty<uint>()
                    : await SearchAsync(folder, query, ct).ConfigureAwait(false);
                return new MailboxState(folder.UidValidity, next, Exists, query, found);
            });
        }

        private static async Task<IReadOnlyList<uint>> SearchAsync(ImapFolder folder, UidSearch query, CancellationToken ct)
        {
            var uids = await folder.SearchAsync(query.Query, ct).ConfigureAwait(false);
            return query.Normalise(uids.Select(uid => uid.Id));
        }

        /// <summary>The TCP connection, within the connect timeout (ConnectAsync takes no token on netstandard2.0: disposing stops it).</summary>
        private async Task<TcpClient> TcpConnectAsync(CancellationToken ct)
        {
            var tcp = new TcpClient();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(_options.ConnectTimeout);
            try
            {
                using (limit.Token.Register(tcp.Dispose))
                    await tcp.ConnectAsync(_options.Host, _options.Port).ConfigureAwait(false);
                tcp.NoDelay = true;
                return tcp;
            }
            // A TcpClient disposed mid-connect throws ObjectDisposedException, or NullReferenceException on .NET Framework.
            catch (Exception e) when (e is SocketException || e is IOException || e is ObjectDisposedException || e is NullReferenceException)
            {
                tcp.Dispose();
                if (ct.IsCancellationRequested)
                    throw new OperationCanceledException(ct);
                if (limit.IsCancellationRequested)
                    throw new ImapTimeoutException("no TCP connection to " + _options.Host + ":" + _options.Port + " within "
                                                   + _options.ConnectTimeout.TotalSeconds + " s; check the host, the port and the firewall");
                throw new ImapConnectionException("cannot connect to " + _options.Host + ":" + _options.Port + ": " + e.Message, e);
            }
        }

        /// <summary>Runs one step with its idle limit and the caller's cancellation, turning every failure into the right exception.</summary>
        private async Task<T> GuardAsync<T>(string step, string command, TimeSpan idle, CancellationToken cancellationToken, Func<CancellationToken, Task<T>> body)
        {
            if (_unusable != null)
                throw new ImapConnectionException("the IMAP connection is no longer usable (" + _unusable + "); connect again");
            if (_socket != null)
                _socket.IdleTimeout = idle;
            try
            {
                // Closing the socket also stops reads on runtimes whose streams ignore the token.
                using (cancellationToken.Register(() => _socket?.Abort()))
                    return await body(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is ImapException) || !_imap.IsConnected)
            {
                // A refused login is an AuthenticationException; a refused command during login is MailKit's listing of
                // namespaces and INBOX right after it.
                if (e is MailKit.Net.Imap.ImapCommandException && (command == "AUTHENTICATE" || command == "LOGIN"))
                    command = "NAMESPACE or LIST after login";
                var failure = e is ImapException ? e : _errors.Translate(e, step, command, _socket?.TimedOut == true, idle, cancellationToken);
                if (!_imap.IsConnected)
                    _unusable = step + " did not complete";
                if (failure == e)
                    throw;
                throw failure;
            }
        }

        private SpoolingImapFolder Folder => _folder ?? throw new InvalidOperationException("call ExamineAsync first");

        private WatchedSocketStream Socket => _socket ?? throw new InvalidOperationException("call ConnectAsync first");
    }
}
