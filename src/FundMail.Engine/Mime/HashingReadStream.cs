using System;
using System.IO;
using System.Security.Cryptography;

namespace FundMail.Mime
{
    /// <summary>Read-only pass-through that hashes and counts every byte read, so the raw SHA-256 costs no second pass.</summary>
    internal sealed class HashingReadStream : Stream
    {
        private readonly Stream inner;
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long count;

        internal HashingReadStream(Stream inner) => this.inner = inner;

        /// <summary>Reads what is left, then returns the hash of everything and the byte count.</summary>
        internal string Finish(out long size)
        {
            var buffer = new byte[64 * 1024];
            while (Read(buffer, 0, buffer.Length) > 0) { }
            size = count;
            return Hex.Lower(hash.GetHashAndReset());
        }

        public override int Read(byte[] buffer, int offset, int length)
        {
            var n = inner.Read(buffer, offset, length);
            if (n > 0)
            {
                hash.AppendData(buffer, offset, n);
                count += n;
            }
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                hash.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int length) => throw new NotSupportedException();
    }
}
