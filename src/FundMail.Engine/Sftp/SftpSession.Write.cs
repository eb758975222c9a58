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
                var read = await FillAsync(source, chunk, ct).ConfigureAwait(false);
                if (read == 0) break;
                observe?.Invoke(chunk, 0, read);
                _io.Start(request, SftpPacket.Write, out var id)
                    .WriteString(file.Handle).WriteUInt64((ulong)offset).WriteString(chunk, 0, read);
                inFlight.Enqueue(await _io.SendAsync(id, request, ct, flush: false).ConfigureAwait(false));
                offset += read;
                if (inFlight.Count >= WritesInFlight) ExpectOk(await _io.WaitAsync(inFlight.Dequeue(), ct).ConfigureAwait(false), "write", file.Path);
            }
            while (inFlight.Count > 0) ExpectOk(await _io.WaitAsync(inFlight.Dequeue(), ct).ConfigureAwait(false), "write", file.Path);
            return offset;
        }

        private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken ct)
        {
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await source.ReadAsync(buffer, filled, buffer.Length - filled, ct).ConfigureAwait(false);
                if (read == 0) break;
                filled += read;
            }
            return filled;
        }
    }
}
