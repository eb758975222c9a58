using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Net
{
    /// <summary>
    /// The socket under a mail session, below TLS. It counts round trips (a read that follows a write is one wait for the
    /// peer, however many reads continue the answer; so TLS flights count too), closes the socket when a read or write
    /// waits longer than <see cref="IdleTimeout"/> (which also stops reads on runtimes that ignore cancellation tokens),
    /// and can end the connection right after a last command goes out (LOGOUT without waiting for its answer).
    /// </summary>
    internal sealed class WatchedSocketStream : Stream
    {
        private readonly TcpClient _tcp;
        private readonly NetworkStream _inner;
        private readonly Timer _watchdog;
        private bool _wroteSinceRead = true;
        private bool _closeAfterFlush;
        private bool _closed;

        public WatchedSocketStream(TcpClient tcp)
        {
            _tcp = tcp;
            _inner = tcp.GetStream();
            _watchdog = new Timer(_ => Expire(), null, Timeout.Infinite, Timeout.Infinite);
        }

        /// <summary>Longest a single read or write may wait; the socket is closed when it is exceeded.</summary>
        public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Reads that waited on an answer to what was written before them, plus the TCP handshake.</summary>
        public int RoundTrips { get; private set; } = 1;

        /// <summary>True once a read or write outlasted <see cref="IdleTimeout"/>.</summary>
        public bool TimedOut { get; private set; }

        /// <summary>After the next flush the connection is closed (FIN, not RST, so what was written still arrives); reads then end at once.</summary>
        public void CloseAfterNextFlush() => _closeAfterFlush = true;

        /// <summary>Closes the socket at once; any pending read or write fails.</summary>
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

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (!BeforeRead())
                return 0;
            try
            {
                return _inner.Read(buffer, offset, count);
            }
            finally
            {
                Disarm();
            }
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (!BeforeRead())
                return 0;
            try
            {
                return await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Disarm();
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _wroteSinceRead = true;
            Arm();
            try
            {
                _inner.Write(buffer, offset, count);
            }
            finally
            {
                Disarm();
            }
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _wroteSinceRead = true;
            Arm();
            try
            {
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Disarm();
            }
        }

        public override void Flush()
        {
            _inner.Flush();
            CloseIfAsked();
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            CloseIfAsked();
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _watchdog.Dispose();
                Abort();
                _inner.Dispose();
                _tcp.Dispose();
            }
            base.Dispose(disposing);
        }

        /// <summary>Counts the round trip and arms the watchdog; false when the connection was closed on purpose (end of stream).</summary>
        private bool BeforeRead()
        {
            if (_closed)
                return false;
            if (_wroteSinceRead)
            {
                _wroteSinceRead = false;
                RoundTrips++;
            }
            Arm();
            return true;
        }

        private void CloseIfAsked()
        {
            if (!_closeAfterFlush || _closed)
                return;
            _closed = true;
            try
            {
                _tcp.Client?.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                // Already gone: nothing left to deliver.
            }
        }

        private void Arm() => _watchdog.Change(IdleTimeout, Timeout.InfiniteTimeSpan);

        private void Disarm() => _watchdog.Change(Timeout.Infinite, Timeout.Infinite);

        private void Expire()
        {
            TimedOut = true;
            Abort();
        }
    }
}
