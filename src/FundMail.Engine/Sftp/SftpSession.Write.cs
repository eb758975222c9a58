using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;

namespace FundMail.Sftp
{
    /// <summary>
    /// Pipelined WRITE: like OpenSSH's sftp, 64 requests of about 32 KiB in flight; the channel window paces the sender.
    /// Each request is sized to fill one channel packet exactly, so it goes out straight from the buffer the file was
    /// read into, and sshd gets one whole request per packet. (Larger writes, up to OpenSSH's 255 KiB limit, cost sshd
    /// more CPU than they save us, and sshd's single thread is the bottleneck on a small machine.)
    /// </summary>
    internal sealed partial class SftpSession
    {
        public const int WritesInFlight = 64;
        private const int DefaultWriteChunk = 32 * 1024;

        public async Task<long> WriteAsync(SftpFileHandle file, Stream source, Action<byte[], int, int>? observe, CancellationToken ct)
        {
            var chunk = WriteChunk(file);
            var inFlight = new Queue<Task<SftpResponse>>();
            var request = new SshWriter(chunk + 64 + file.Handle.Length);
            long offset = 0;
            while (true)
            {
                _io.Start(request, SftpPacket.Write, out var id).WriteString(file.Handle).WriteUInt64((ulong)offset);
                var data = request.Length + 4;
                var read = request.WriteStringFrom(source, chunk);
                if (read == 0) break;
                observe?.Invoke(request.Segment.Array!, data, read);
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

        /// <summary>Data per WRITE: what makes the whole request (header included) one full channel packet.</summary>
        private int WriteChunk(SftpFileHandle file)
        {
            var header = 4 + 1 + 4 + 4 + file.Handle.Length + 8 + 4;
            var fits = (int)Math.Min(_io.MaxChannelPacket, DefaultWriteChunk + 1024) - header;
            return fits >= DefaultWriteChunk / 2 ? fits : DefaultWriteChunk;
        }
    }
}
