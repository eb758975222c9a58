using System;
using System.IO;
using FundMail.Util;

namespace FundMail.Imap
{
    /// <summary>
    /// Where MailKit writes one fetched message: straight into a new spool file, so a message of any size costs one copy
    /// buffer, not its size in memory. The file belongs to this stream until <see cref="HandOver"/>; disposed before that
    /// (a cancelled or failed fetch, a message nobody asked for) it is deleted, so no partial spool file stays behind.
    /// </summary>
    internal sealed class SpoolFileStream : Stream
    {
        private readonly Stream _file;
        private bool _complete;
        private bool _handedOver;

        public SpoolFileStream(string directory, long expectedBytes)
        {
            Path = System.IO.Path.Combine(directory, "fetch-" + Guid.NewGuid().ToString("N") + ".eml");
            _file = UncachedFile.CreateNew(Path, expectedBytes);
        }

        public string Path { get; }

        /// <summary>Octets written.</summary>
        public override long Length => Written;

        public long Written { get; private set; }

        /// <summary>The caller takes the file; disposing no longer deletes it.</summary>
        public void HandOver() => _handedOver = true;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => !_complete;

        /// <summary>MailKit rewinds a message stream once the message is in: here that closes the file, so it is whole on disk.</summary>
        public override long Position
        {
            get => Written;
            set
            {
                if (value != 0)
                    throw new NotSupportedException("a spool file is written once, front to back");
                Complete();
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_complete)
                throw new InvalidOperationException("the spool file " + Path + " is already complete");
            _file.Write(buffer, offset, count);
            Written += count;
        }

        public override void Flush() => _file.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try
                {
                    Complete();
                }
                finally
                {
                    if (!_handedOver)
                        File.Delete(Path);
                }
            }
            base.Dispose(disposing);
        }

        private void Complete()
        {
            if (_complete)
                return;
            _complete = true;
            _file.Dispose();
        }
    }
}
