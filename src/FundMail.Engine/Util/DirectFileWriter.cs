using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Util
{
    /// <summary>
    /// A new file written with <see cref="DirectIo"/>: bytes gather in an aligned buffer, and each full buffer goes to
    /// the disk on a pool thread while the next one fills, so the caller never waits on the disk unless it outruns it.
    /// The last block is padded to the alignment, then the file is cut to its true length. Durability still needs the
    /// usual fsync: the data is on the device, but its cache and the file's size may not be.
    /// </summary>
    internal sealed class DirectFileWriter : Stream
    {
        private static readonly byte[] Zeros = new byte[DirectIo.Alignment];

        private readonly string _path;
        private readonly int _fd;
        private AlignedBuffer _current = AlignedBuffer.Rent();
        private AlignedBuffer? _spare;
        private AlignedBuffer? _writing;
        private Task? _pending;
        private int _filled;
        private long _blockOffset;
        private long _length;
        private bool _closed;
        private bool _failed;

        internal DirectFileWriter(int fd, string path)
        {
            _fd = fd;
            _path = path;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            ThrowIfClosed();
            while (count > 0)
            {
                var take = Gather(buffer, offset, count);
                offset += take;
                count -= take;
                if (_filled == AlignedBuffer.Size)
                {
                    WaitForDisk();
                    Submit();
                }
            }
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            ThrowIfClosed();
            while (count > 0)
            {
                var take = Gather(buffer, offset, count);
                offset += take;
                count -= take;
                if (_filled == AlignedBuffer.Size)
                {
                    if (_pending != null)
                    {
                        try { await _pending.ConfigureAwait(false); }
                        catch { _failed = true; throw; }
                        finally { Recycle(); }
                    }
                    Submit();
                }
            }
        }

        /// <summary>Puts everything written so far in the file (the last block padded, then the file cut to length).</summary>
        public override void Flush()
        {
            ThrowIfClosed();
            WaitForDisk();
            WriteTail();
        }

        private int Gather(byte[] buffer, int offset, int count)
        {
            var take = Math.Min(count, AlignedBuffer.Size - _filled);
            Marshal.Copy(buffer, offset, _current.Pointer + _filled, take);
            _filled += take;
            _length += take;
            return take;
        }

        private void Submit()
        {
            var full = _current;
            var at = _blockOffset;
            _writing = full;
            _pending = Task.Run(() => DirectIo.WriteAll(_fd, full.Pointer, AlignedBuffer.Size, at, _path));
            _current = _spare ?? AlignedBuffer.Rent();
            _spare = null;
            _blockOffset += AlignedBuffer.Size;
            _filled = 0;
        }

        private void WaitForDisk()
        {
            if (_pending == null) return;
            try { _pending.GetAwaiter().GetResult(); }
            catch { _failed = true; throw; }
            finally { Recycle(); }
        }

        private void Recycle()
        {
            _spare = _writing;
            _writing = null;
            _pending = null;
        }

        private void WriteTail()
        {
            var padded = (_filled + DirectIo.Alignment - 1) & ~(DirectIo.Alignment - 1);
            if (padded > _filled) Marshal.Copy(Zeros, 0, _current.Pointer + _filled, padded - _filled);
            try
            {
                if (padded > 0) DirectIo.WriteAll(_fd, _current.Pointer, padded, _blockOffset, _path);
                if (padded != _filled) DirectIo.Truncate(_fd, _length, _path);
            }
            catch
            {
                _failed = true;
                throw;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (_closed || !disposing)
            {
                base.Dispose(disposing);
                return;
            }
            _closed = true;
            try
            {
                // After a failed write the file is incomplete whatever follows: that failure has been thrown already,
                // and a second one from here would only hide it.
                if (!_failed)
                {
                    WaitForDisk();
                    WriteTail();
                }
            }
            finally
            {
                // A write still in flight (its failure already thrown) must end before its buffer is reused.
                try { _pending?.Wait(); } catch (AggregateException) { }
                DirectIo.Close(_fd);
                _current.Dispose();
                _spare?.Dispose();
                _writing?.Dispose();
                base.Dispose(disposing);
            }
        }

        private void ThrowIfClosed()
        {
            if (_closed) throw new ObjectDisposedException(_path);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => !_closed;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
