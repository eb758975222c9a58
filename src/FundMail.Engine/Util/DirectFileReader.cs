using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace FundMail.Util
{
    /// <summary>
    /// A file read front to back with <see cref="DirectIo"/>. While the caller consumes one block, the next is read on a
    /// pool thread (the page cache's read-ahead, done by hand), so the caller waits on the disk only if it outruns it.
    /// <see cref="Length"/> is the file's length when it was opened; the stream does not seek.
    /// </summary>
    internal sealed class DirectFileReader : Stream
    {
        private readonly string _path;
        private readonly int _fd;
        private readonly int _blockSize;
        private readonly long _length;
        private AlignedBuffer _current = AlignedBuffer.Rent();
        private AlignedBuffer? _next;
        private Task<int>? _ahead;
        private long _nextOffset;
        private long _position;
        private int _count;
        private int _pos;
        private bool _atEnd;
        private bool _closed;

        /// <param name="blockSize">Bytes per disk read, a multiple of the alignment up to <see cref="AlignedBuffer.Size"/>; only these pages of each buffer are touched.</param>
        internal DirectFileReader(int fd, string path, long length, int blockSize)
        {
            _fd = fd;
            _path = path;
            _length = length;
            _blockSize = blockSize;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_closed) throw new ObjectDisposedException(_path);
            if (_pos == _count)
            {
                if (_atEnd) return 0;
                NextBlock();
                if (_count == 0) return 0;
            }
            var take = Math.Min(count, _count - _pos);
            Marshal.Copy(_current.Pointer + _pos, buffer, offset, take);
            _pos += take;
            _position += take;
            return take;
        }

        private void NextBlock()
        {
            if (_ahead == null)
            {
                _count = DirectIo.Read(_fd, _current.Pointer, _blockSize, _nextOffset, _path);
            }
            else
            {
                _count = _ahead.GetAwaiter().GetResult();
                _ahead = null;
                var consumed = _current;
                _current = _next!;
                _next = consumed;
            }
            _nextOffset += _blockSize;
            _pos = 0;
            _atEnd = _count < _blockSize;
            if (_atEnd) return;
            var into = _next ??= AlignedBuffer.Rent();
            var at = _nextOffset;
            _ahead = Task.Run(() => DirectIo.Read(_fd, into.Pointer, _blockSize, at, _path));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_closed)
            {
                _closed = true;
                // The read ahead must end before its buffer is reused or its descriptor closed; its failure no longer matters.
                try { _ahead?.Wait(); } catch (AggregateException) { }
                DirectIo.Close(_fd);
                _current.Dispose();
                _next?.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => !_closed;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
