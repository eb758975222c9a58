using System;
using System.IO;
using System.Security.Cryptography;

namespace FundMail.Mime
{
    /// <summary>
    /// A part's decoded bytes, counted and hashed as they are written. Small parts stay in memory (most are
    /// bodies, read into strings and dropped); a part outgrowing its share spills to a file in the attachment
    /// directory, so a large attachment never sits in memory. <see cref="Persist"/> gives every kept part a file.
    /// </summary>
    internal sealed class PartFile : Stream
    {
        private const int MemoryPerPart = 256 * 1024;
        internal const long MemoryPerMessage = 8L * 1024 * 1024;

        private readonly ParseContext context;
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private MemoryStream? memory = new MemoryStream();
        private FileStream? file;
        private long size;

        internal PartFile(ParseContext context) => this.context = context;

        /// <summary>The file holding the bytes, or null while they are in memory.</summary>
        internal string? FilePath { get; private set; }

        internal long Size => size;
        internal string Sha256 { get; private set; } = "";

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (count == 0) return;
            hash.AppendData(buffer, offset, count);
            size += count;
            if (memory != null)
            {
                if (memory.Length + count <= MemoryPerPart && context.PartMemory + count <= MemoryPerMessage)
                {
                    memory.Write(buffer, offset, count);
                    context.PartMemory += count;
                    return;
                }
                Spill();
            }
            file!.Write(buffer, offset, count);
        }

        private void Spill()
        {
            FilePath = Path.Combine(context.Options.AttachmentDirectory, Guid.NewGuid().ToString("N") + ".part");
            context.WrittenFiles.Add(FilePath);
            file = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024);
            memory!.WriteTo(file);
            memory = null;
        }

        /// <summary>Ends writing and fixes <see cref="Sha256"/>.</summary>
        internal void Complete()
        {
            if (Sha256.Length > 0) return;
            file?.Dispose();
            Sha256 = Hex.Lower(hash.GetHashAndReset());
        }

        internal byte[] ReadAll() => memory != null ? memory.ToArray() : File.ReadAllBytes(FilePath!);

        /// <summary>The path of a file with the bytes, writing it first if they are still in memory.</summary>
        internal string Persist()
        {
            Complete();
            if (memory == null) return FilePath!;
            FilePath = Path.Combine(context.Options.AttachmentDirectory, Guid.NewGuid().ToString("N") + ".part");
            context.WrittenFiles.Add(FilePath);
            using (var output = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096)) memory.WriteTo(output);
            memory = null;
            return FilePath;
        }

        /// <summary>Drops the bytes (a body read into a string, or a preamble).</summary>
        internal void Delete()
        {
            Complete();
            memory = null;
            if (FilePath == null) return;
            MailAssembler.TryDelete(FilePath);
            context.WrittenFiles.Remove(FilePath);
            FilePath = null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                file?.Dispose();
                hash.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => size;
        public override long Position { get => size; set => throw new NotSupportedException(); }
        public override void Flush() => file?.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
