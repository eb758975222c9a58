using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Net
{
    /// <summary>
    /// Wraps a socket stream and counts round trips: a read that follows a write (or the very first read) is one wait
    /// for the peer. Reads that continue a response, however many, add nothing; so pipelined commands count once.
    /// Sits below TLS, so handshake flights are counted too.
    /// </summary>
    internal sealed class RoundTripCountingStream : Stream
    {
        private readonly Stream _inner;
        private bool _wroteSinceRead = true;

        public RoundTripCountingStream(Stream inner)
        {
            _inner = inner;
        }

        /// <summary>Times a read waited on an answer to what was written before it.</summary>
        public int RoundTrips { get; private set; }

        public override bool CanRead => _inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => _inner.CanWrite;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Count();
            return _inner.Read(buffer, offset, count);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Count();
            return _inner.ReadAsync(buffer, offset, count, cancellationToken);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _wroteSinceRead = true;
            _inner.Write(buffer, offset, count);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _wroteSinceRead = true;
            return _inner.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override void Flush() => _inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _inner.Dispose();
            base.Dispose(disposing);
        }

        private void Count()
        {
            if (!_wroteSinceRead)
                return;
            _wroteSinceRead = false;
            RoundTrips++;
        }
    }
}
