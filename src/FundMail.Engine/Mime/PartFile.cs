using System;
using System.Buffers;
using System.IO;
using System.Security.Cryptography;
using FundMail.Util;

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

        private const int ChunkSize = 64 * 1024;
        private const int DirectWrite = 8 * 1024;

        private readonly ParseContext context;
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private SegmentBuffer? memory = new SegmentBuffer();
        // Once spilled, writers handing over a line at a time are gathered, so hashing and writing take one call per 64 KB.
        private byte[]? chunk;
        private int chunkCount;
        private Stream? file;
        private long size;

        internal PartFile(ParseContext context) => this.context = context;

        /// <summary>The file holding the bytes, or null while they are in memory.</summary>
        internal string? FilePath { get; private set; }

        internal long Size => size;
        internal string Sha256 { get; private set; } = "";

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (count == 0) return;
            size += count;
            if (memory != null)
            {
                // Hashed in one call when complete or spilled: most parts end here.
                if (memory.Length + count <= MemoryPerPart && context.PartMemory + count <= MemoryPerMessage)
                {
                    memory.Write(buffer, offset, count);
                    context.PartMemory += count;
                    return;
                }
                Spill();
            }
            if (count >= DirectWrite && chunkCount == 0)
            {
                hash.AppendData(buffer, offset, count);
                file!.Write(buffer, offset, count);
                return;
            }
            chunk ??= ArrayPool<byte>.Shared.Rent(ChunkSize);
            while (count > 0)
            {
                var take = Math.Min(count, chunk.Length - chunkCount);
                System.Buffer.BlockCopy(buffer, offset, chunk, chunkCount, take);
                chunkCount += take;
                offset += take;
                count -= take;
                if (chunkCount == chunk.Length) Drain();
            }
        }

        private void Drain()
        {
            if (chunkCount == 0) return;
            hash.AppendData(chunk!, 0, chunkCount);
            file!.Write(chunk!, 0, chunkCount);
            chunkCount = 0;
        }

        private void Spill()
        {
            FilePath = Path.Combine(context.Options.AttachmentDirectory, Guid.NewGuid().ToString("N") + ".part");
            context.WrittenFiles.Add(FilePath);
            file = UncachedFile.CreateNew(FilePath, size);
            memory!.HashInto(hash);
            memory.WriteTo(file);
            ReleaseMemory();
        }

        /// <summary>Ends writing and fixes <see cref="Sha256"/>.</summary>
        internal void Complete()
        {
            if (Sha256.Length > 0) return;
            if (memory != null) memory.HashInto(hash);
            else Drain();
            ReturnChunk();
            file?.Dispose();
            Sha256 = Hex.Lower(hash.GetHashAndReset());
        }

        internal byte[] ReadAll() => memory != null ? memory.ToArray() : UncachedFile.ReadAllBytes(FilePath!);

        private void ReleaseMemory()
        {
            memory?.Release();
            memory = null;
        }

        /// <summary>The path of a file with the bytes, writing it first if they are still in memory.</summary>
        internal string Persist()
        {
            Complete();
            if (memory == null) return FilePath!;
            FilePath = Path.Combine(context.Options.AttachmentDirectory, Guid.NewGuid().ToString("N") + ".part");
            context.WrittenFiles.Add(FilePath);
            using (var output = UncachedFile.CreateNew(FilePath, size)) memory.WriteTo(output);
            ReleaseMemory();
            return FilePath;
        }

        /// <summary>Drops the bytes (a body read into a string, or a preamble).</summary>
        internal void Delete()
        {
            Complete();
            ReleaseMemory();
            if (FilePath == null) return;
            MailAssembler.TryDelete(FilePath);
            context.WrittenFiles.Remove(FilePath);
            FilePath = null;
        }

        private void ReturnChunk()
        {
            if (chunk == null) return;
            ArrayPool<byte>.Shared.Return(chunk);
            chunk = null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                ReturnChunk();
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
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
