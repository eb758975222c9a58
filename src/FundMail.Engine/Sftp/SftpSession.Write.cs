using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;

namespace FundMail.Sftp
{
    /// <summary>
    /// Pipelined WRITE: requests in flight until about InFlightBytes are unanswered; the channel window paces the sender.
    /// Servers that state their limits (OpenSSH's limits@openssh.com) get requests of up to 224 KiB sized to fill whole
    /// channel packets, which go out straight from the request buffer; others get OpenSSH sftp's 32 KiB.
    /// </summary>
    internal sealed partial class SftpSession
    {
        public const int DefaultWriteChunk = 32 * 1024;
        private const int MaxWriteRequest = 256 * 1024;
        private const int InFlightBytes = 2 * 1024 * 1024;
        private const byte ExtendedReply = 201;

        private Task<int> _writeLimit = Task.FromResult(DefaultWriteChunk);

        public async Task<long> WriteAsync(SftpFileHandle file, Stream source, Action<byte[], int, int>? observe, CancellationToken ct)
        {
            var chunk = WriteChunk(await _writeLimit.ConfigureAwait(false), file);
            var writesInFlight = Math.Max(8, InFlightBytes / chunk);
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
                if (inFlight.Count < writesInFlight) continue;
                ExpectOk(await _io.WaitAsync(inFlight.Dequeue(), ct).ConfigureAwait(false), "write", file.Path);
                // Answers arrive in bursts: collect every one already there, so one wake-up frees several slots.
                while (inFlight.Count > 0 && inFlight.Peek().IsCompleted) ExpectOk(await inFlight.Dequeue().ConfigureAwait(false), "write", file.Path);
            }
            while (inFlight.Count > 0) ExpectOk(await _io.WaitAsync(inFlight.Dequeue(), ct).ConfigureAwait(false), "write", file.Path);
            return offset;
        }

        /// <summary>
        /// Asks for the server's limits without waiting for the answer (the first write waits for it), so connecting
        /// costs no extra round trip. No answer or a bad one leaves the default.
        /// </summary>
        private void AskWriteLimit()
        {
            if (!_extensions.ContainsKey("limits@openssh.com")) return;
            _writeLimit = AskWriteLimitAsync();
        }

        private async Task<int> AskWriteLimitAsync()
        {
            try
            {
                var request = _io.Start(SftpPacket.Extended, out var id).WriteString("limits@openssh.com");
                var answer = await _io.RequestAsync(id, request, _lifetime.Token).ConfigureAwait(false);
                if (answer.Type != ExtendedReply) return DefaultWriteChunk;
                // max-packet-length, max-read-length, max-write-length, max-open-handles (OpenSSH PROTOCOL §4.8); 0 = unknown.
                answer.Reader.ReadUInt64();
                answer.Reader.ReadUInt64();
                var write = answer.Reader.ReadUInt64();
                return write == 0 ? DefaultWriteChunk : (int)Math.Min(write, MaxWriteRequest);
            }
            catch (Exception e) when (e is SshException || e is OperationCanceledException)
            {
                return DefaultWriteChunk;
            }
        }

        /// <summary>
        /// Data per WRITE: with a limit above the default, the whole request (header included) fills a whole number of
        /// channel packets, so no request leaves a part packet behind to copy and merge with the next.
        /// </summary>
        private int WriteChunk(int limit, SftpFileHandle file)
        {
            if (limit <= DefaultWriteChunk) return limit;
            var header = 4 + 1 + 4 + 4 + file.Handle.Length + 8 + 4;
            var packet = (int)_io.MaxChannelPacket;
            var packets = (limit + header) / packet;
            return packets < 2 ? limit : packets * packet - header;
        }
    }
}
