using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;

namespace FundMail.Sftp
{
    /// <summary>
    /// Request/response plumbing of SFTP over one channel: numbered requests, a reader that completes them by id,
    /// a per-answer timeout after which the connection counts as dead.
    /// </summary>
    internal sealed class SftpChannelIo
    {
        private readonly SshChannel _channel;
        private readonly TimeSpan _timeout;
        private readonly Action _abort;
        private readonly SemaphoreSlim _writeLock = new SemaphoreSlim(1, 1);
        private readonly ConcurrentDictionary<uint, TaskCompletionSource<SftpResponse>> _pending = new ConcurrentDictionary<uint, TaskCompletionSource<SftpResponse>>();
        private readonly byte[] _lengthBytes = new byte[4];
        private byte[] _outgoing = new byte[128 * 1024];
        private int _outgoingLength;
        private Exception? _failure;
        private int _nextId;

        public SftpChannelIo(SshChannel channel, TimeSpan timeout, Action abort)
        {
            _channel = channel;
            _timeout = timeout;
            _abort = abort;
        }

        /// <summary>The largest channel packet the server takes; whole multiples of it go out without being buffered.</summary>
        public uint MaxChannelPacket => _channel.RemoteMaxPacket;

        /// <summary>A request writer with room for the length, type and id; finish it with SendAsync.</summary>
        public SshWriter Start(byte type, out uint id, int capacity = 256) => Start(new SshWriter(capacity), type, out id);

        /// <summary>Starts a request in a reused writer; SendAsync copies it out before it returns.</summary>
        public SshWriter Start(SshWriter reused, byte type, out uint id)
        {
            id = (uint)Interlocked.Increment(ref _nextId);
            return reused.Reset().WriteUInt32(0).WriteByte(type).WriteUInt32(id);
        }

        /// <summary>
        /// Sends the request and returns the task of its answer (not awaited yet: callers may pipeline). With flush false
        /// the bytes may wait in the buffer until a full channel packet is ready; any wait for an answer flushes.
        /// </summary>
        public async Task<Task<SftpResponse>> SendAsync(uint id, SshWriter request, CancellationToken ct, bool flush = true)
        {
            if (_failure != null) throw Failed();
            var answer = new TaskCompletionSource<SftpResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = answer;
            request.PatchUInt32(0, (uint)(request.Length - 4));
            await SendRawAsync(request.Segment, flush, ct).ConfigureAwait(false);
            return answer.Task;
        }

        /// <summary>Starts one more request at the end of a batch; returns where it starts, for <see cref="EndInBatch"/>.</summary>
        public int StartInBatch(SshWriter batch, byte type, out uint id)
        {
            id = (uint)Interlocked.Increment(ref _nextId);
            var start = batch.Length;
            batch.WriteUInt32(0).WriteByte(type).WriteUInt32(id);
            return start;
        }

        public void EndInBatch(SshWriter batch, int start) => batch.PatchUInt32(start, (uint)(batch.Length - start - 4));

        /// <summary>
        /// Sends requests written back to back into one buffer as one channel write (one window wait, one socket write)
        /// and queues the tasks of their answers in order. Like SendAsync with flush false.
        /// </summary>
        public async Task SendBatchAsync(SshWriter batch, IReadOnlyList<uint> ids, Queue<Task<SftpResponse>> answers, CancellationToken ct)
        {
            if (_failure != null) throw Failed();
            foreach (var id in ids)
            {
                var answer = new TaskCompletionSource<SftpResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending[id] = answer;
                answers.Enqueue(answer.Task);
            }
            await SendRawAsync(batch.Segment, false, ct).ConfigureAwait(false);
        }

        public Task SendRawAsync(byte[] packet, CancellationToken ct) => SendRawAsync(new ArraySegment<byte>(packet), true, ct);

        /// <summary>
        /// SFTP is a byte stream inside the channel: packing requests into full-size channel packets (as OpenSSH does)
        /// spares the server a small extra packet per 32 KiB write. A request of whole packets with nothing waiting
        /// before it goes out as it is.
        /// </summary>
        private async Task SendRawAsync(ArraySegment<byte> packet, bool flush, CancellationToken ct)
        {
            await _writeLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (_outgoingLength == 0 && packet.Count % _channel.RemoteMaxPacket == 0)
                {
                    await WriteChannelAsync(packet.Array!, packet.Offset, packet.Count, ct).ConfigureAwait(false);
                    return;
                }
                if (_outgoingLength + packet.Count > _outgoing.Length)
                    Array.Resize(ref _outgoing, Math.Max(_outgoing.Length * 2, _outgoingLength + packet.Count));
                Buffer.BlockCopy(packet.Array!, packet.Offset, _outgoing, _outgoingLength, packet.Count);
                _outgoingLength += packet.Count;
                var full = (int)_channel.RemoteMaxPacket;
                var ready = flush ? _outgoingLength : _outgoingLength / full * full;
                if (ready == 0) return;
                await WriteChannelAsync(_outgoing, 0, ready, ct).ConfigureAwait(false);
                Buffer.BlockCopy(_outgoing, ready, _outgoing, 0, _outgoingLength - ready);
                _outgoingLength -= ready;
            }
            finally
            {
                _writeLock.Release();
            }
        }

        /// <summary>
        /// Writes within the channel window. A window that stays closed for the operation timeout is a server as dead as
        /// one that does not answer (and a request may be half sent): the connection ends.
        /// </summary>
        private async Task WriteChannelAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            using (var stalled = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                stalled.CancelAfter(_timeout);
                try
                {
                    await _channel.WriteAsync(buffer, offset, count, stalled.Token).ConfigureAwait(false);
                    return;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                }
            }
            var error = new SshConnectionException("the SFTP server took no data for " + _timeout.TotalSeconds + " s (its channel window stayed closed)");
            Fail(error);
            _abort();
            throw error;
        }

        public async Task<SftpResponse> RequestAsync(uint id, SshWriter request, CancellationToken ct) =>
            await WaitAsync(await SendAsync(id, request, ct).ConfigureAwait(false), ct).ConfigureAwait(false);

        /// <summary>Waits for one answer; no answer within the operation timeout ends the connection as dead.</summary>
        public async Task<SftpResponse> WaitAsync(Task<SftpResponse> answer, CancellationToken ct)
        {
            if (Volatile.Read(ref _outgoingLength) > 0) await SendRawAsync(new ArraySegment<byte>(new byte[0]), true, ct).ConfigureAwait(false);
            var gaveUp = new TaskCompletionSource<bool>();
            using (var timer = CancellationTokenSource.CreateLinkedTokenSource(ct))
            using (timer.Token.Register(() => gaveUp.TrySetResult(true)))
            {
                timer.CancelAfter(_timeout);
                if (await Task.WhenAny(answer, gaveUp.Task).ConfigureAwait(false) == answer) return await answer.ConfigureAwait(false);
            }
            ct.ThrowIfCancellationRequested();
            var error = new SshConnectionException("the SFTP server gave no answer within " + _timeout.TotalSeconds + " s");
            Fail(error);
            _abort();
            throw error;
        }

        /// <summary>Reads a packet the server sends outside the request/answer scheme (only VERSION).</summary>
        public async Task<SshReader> ReadPacketAsync(CancellationToken ct)
        {
            await ReadExactlyAsync(_lengthBytes, 4, ct).ConfigureAwait(false);
            var length = Bytes.ReadUInt32(_lengthBytes, 0);
            if (length < 1 || length > 1024 * 1024) throw new SshProtocolException("an SFTP packet of " + length + " bytes");
            var body = new byte[length];
            await ReadExactlyAsync(body, (int)length, ct).ConfigureAwait(false);
            return new SshReader(body);
        }

        public void StartReader(CancellationToken lifetime) => _ = Task.Run(() => ReadLoopAsync(lifetime));

        private async Task ReadLoopAsync(CancellationToken lifetime)
        {
            try
            {
                while (true)
                {
                    var r = await ReadPacketAsync(lifetime).ConfigureAwait(false);
                    var type = r.ReadByte();
                    var id = r.ReadUInt32();
                    if (_pending.TryRemove(id, out var answer)) answer.TrySetResult(new SftpResponse(type, r));
                }
            }
            catch (Exception e)
            {
                Fail(e is SshException ? e : new SshConnectionException("the SFTP channel failed: " + e.Message, e));
            }
        }

        private void Fail(Exception error)
        {
            Interlocked.CompareExchange(ref _failure, error, null);
            foreach (var id in _pending.Keys)
                if (_pending.TryRemove(id, out var answer)) answer.TrySetException(Failed());
        }

        private Exception Failed() => _failure is SshConnectionException c ? new SshConnectionException(c.Message, c) : _failure!;

        private async Task ReadExactlyAsync(byte[] buffer, int count, CancellationToken ct)
        {
            var offset = 0;
            while (offset < count) offset += await _channel.ReadAsync(buffer, offset, count - offset, ct).ConfigureAwait(false);
        }
    }

    internal sealed class SftpResponse
    {
        public SftpResponse(byte type, SshReader reader)
        {
            Type = type;
            Reader = reader;
        }

        public byte Type { get; }
        public SshReader Reader { get; }
    }
}
