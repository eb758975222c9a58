using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;

namespace FundMail.Sftp
{
    /// <summary>Pipelined WRITE: like OpenSSH's sftp, 64 requests of 32 KiB in flight; the channel window paces the sender.</summary>
    internal sealed partial class SftpSession
    {
        public const int WriteChunk = 32 * 1024;
        public const int WritesInFlight = 64;

        public async Task<long> WriteAsync(SftpFileHandle file, Stream source, Action<byte[], int, int>? observe, CancellationToken ct)
        {
            var inFlight = new Queue<Task<SftpResponse>>();
            var chunk = new byte[WriteChunk];
            var request = new SshWriter(WriteChunk + 64 + file.Handle.Length);
            long offset = 0;
            while (true)
            {
                var read = Fill(source, chunk);
                if (read == 0) break;
                observe?.Invoke(chunk, 0, read);
                _io.Start(request, SftpPacket.Write, out var id)
                    .WriteString(file.Handle).WriteUInt64((ulong)offset).WriteString(chunk, 0, read);
                inFlight.Enqueue(await _io.SendAsync(id, request, ct, flush: false).ConfigureAwait(false));
                offset += read;
                if (inFlight.Count < WritesInFlight) continue;
                ExpectOk(await _io.WaitAsync(inFlight.Dequeue(), ct).ConfigureAwait(false), "write", file.Path);
                // Answers arrive in bursts: collect every one already there, so one wake-up frees several slots.
                while (inFlight.Count > 0 && inFlight.Peek().IsCompleted) ExpectOk(await inFlight.Dequeue().ConfigureAwait(false), "write", file.Path);
            }
            while (inFlight.Count > 0) ExpectOk(await _io.WaitAsync(inFlight.Dequeue(), ct).ConfigureAwait(false), "write", file.Path);
            return offset;
        }

        /// <summary>
        /// A synchronous read: the source is a local file, served from the page cache or a read-ahead disk, and an async
        /// read would cost a thread-pool hop per 32 KiB chunk.
        /// </summary>
        private static int Fill(Stream source, byte[] buffer)
        {
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = source.Read(buffer, filled, buffer.Length - filled);
                if (read == 0) break;
                filled += read;
            }
            return filled;
        }
    }
}
