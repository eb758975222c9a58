using System;
using System.IO;
using System.Security.Cryptography;

namespace FundMail.Mime
{
    /// <summary>
    /// A write-only stream into a new file in the attachment directory that counts and hashes
    /// what passes through, so a part's size and SHA-256 are known without reading it back.
    /// </summary>
    internal sealed class PartFile : Stream
    {
        private readonly FileStream file;
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long size;

        internal PartFile(string directory)
        {
            FilePath = System.IO.Path.Combine(directory, Guid.NewGuid().ToString("N") + ".part");
            file = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024);
        }

        internal string FilePath { get; }
        internal long Size => size;
        internal string Sha256 { get; private set; } = "";

        /// <summary>Closes the file and fixes <see cref="Sha256"/>.</summary>
        internal void Complete()
        {
            if (Sha256.Length > 0) return;
            file.Dispose();
            Sha256 = Hex.Lower(hash.GetHashAndReset());
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (count == 0) return;
            file.Write(buffer, offset, count);
            hash.AppendData(buffer, offset, count);
            size += count;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                file.Dispose();
                hash.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => size;
        public override long Position { get => size; set => throw new NotSupportedException(); }
        public override void Flush() => file.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
