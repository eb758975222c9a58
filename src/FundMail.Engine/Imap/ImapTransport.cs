using System;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Net;

namespace FundMail.Imap
{
    /// <summary>The socket under a session: TCP connect, TLS with full validation (also after STARTTLS), raw writes, hard abort.</summary>
    internal sealed class ImapTransport : IDisposable
    {
        private readonly ImapConnectOptions _options;
        private readonly TcpClient _tcp = new TcpClient();
        private Stream _stream = Stream.Null;
        private RoundTripCountingStream? _counted;
        private bool _connected;

        public ImapTransport(ImapConnectOptions options)
        {
            _options = options;
            Reader = new ImapResponseReader(Stream.Null);
        }

        public ImapResponseReader Reader { get; private set; }

        /// <summary>Times this connection waited on the server: the TCP handshake, TLS flights and IMAP responses.</summary>
        public int RoundTrips => (_connected ? 1 : 0) + (_counted?.RoundTrips ?? 0);

        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            // ConnectAsync has no token on netstandard2.0: closing the socket is what stops it.
            using (cancellationToken.Register(Abort))
            {
                try
                {
                    await _tcp.ConnectAsync(_options.Host, _options.Port).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is SocketException || e is IOException))
                {
                    throw new ImapConnectionException("cannot connect to " + _options.Host + ":" + _options.Port + ": " + e.Message, e);
                }
            }
            _connected = true;
            _tcp.NoDelay = true;
            _counted = new RoundTripCountingStream(_tcp.GetStream());
            _stream = _counted;
            if (_options.Security == ImapSecurity.ImplicitTls)
                await StartTlsAsync(cancellationToken).ConfigureAwait(false);
            else
                Reader = NewReader();
        }

        /// <summary>Wraps the connection in TLS; the certificate must chain to a trusted CA and name <see cref="ImapConnectOptions.Host"/>.</summary>
        public async Task StartTlsAsync(CancellationToken cancellationToken)
        {
            if (Reader.HasBufferedData)
                throw new ImapProtocolException("the server sent data before the TLS handshake (possible STARTTLS injection)");
            SslPolicyErrors refused = SslPolicyErrors.None;
            var tls = new SslStream(_stream, false, (_, certificate, chain, errors) =>
            {
                if (_options.Trust.Validate(certificate, chain, errors))
                    return true;
                refused = errors;
                return false;
            });
            try
            {
                using (cancellationToken.Register(Abort))
                    await tls.AuthenticateAsClientAsync(_options.Host).ConfigureAwait(false);
            }
            catch (AuthenticationException e) when (refused != SslPolicyErrors.None)
            {
                throw new ImapTlsException("TLS to " + _options.Host + ":" + _options.Port + " refused: " + _options.Trust.Explain(refused, _options.Host), e);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is AuthenticationException || e is IOException))
            {
                throw new ImapTlsException("TLS handshake with " + _options.Host + ":" + _options.Port + " failed: " + e.Message, e);
            }
            _stream = tls;
            var restartTimeout = Reader.BeforeRead;
            Reader = NewReader();
            Reader.BeforeRead = restartTimeout;
        }

        public async Task WriteAsync(byte[] data, CancellationToken cancellationToken)
        {
            await _stream.WriteAsync(data, 0, data.Length, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Closes after what was written has gone out (FIN, not RST, so a last command such as LOGOUT still reaches the
        /// server); the answer is not awaited.
        /// </summary>
        public void Close()
        {
            try
            {
                _tcp.Client?.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                // Already gone: nothing left to deliver.
            }
            _stream.Dispose();
            _tcp.Dispose();
        }

        /// <summary>Closes the socket at once; any pending read or write fails. Used for timeouts and cancellation.</summary>
        public void Abort()
        {
            try
            {
                _tcp.Client?.Close(0);
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            Abort();
            _stream.Dispose();
            _tcp.Dispose();
        }

        private ImapResponseReader NewReader() => new ImapResponseReader(_stream, _options.Trace);
    }
}
