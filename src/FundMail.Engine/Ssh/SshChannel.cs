using System;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Ssh
{
    /// <summary>
    /// One session channel (RFC 4254 §5): sends within the server's window and maximum packet size, receives into a queue
    /// and hands window back as the data is consumed. One writer and one reader at a time.
    /// </summary>
    internal sealed class SshChannel
    {
        // Enough for many SFTP status replies in flight; we only ever receive small answers.
        public const uint LocalWindow = 2 * 1024 * 1024;
        public const uint LocalMaxPacket = 32 * 1024;

        // Data sent in one socket write: big enough that system calls are rare, small enough to keep the window moving.
        private const int MaxBatch = 256 * 1024;

        private readonly SshTransport _transport;
        private readonly AsyncQueue<ArraySegment<byte>> _data = new AsyncQueue<ArraySegment<byte>>();
        private readonly SemaphoreSlim _windowOpened = new SemaphoreSlim(0);
        private readonly object _gate = new object();
        private TaskCompletionSource<byte[]> _reply = NewReply();
        private ArraySegment<byte> _current;
        private static readonly TimeSpan WindowPatience = TimeSpan.FromMilliseconds(50);
        private long _remoteWindow;
        private long _initialWindow;
        private long _windowWanted = long.MaxValue;
        private uint _consumed;
        private volatile bool _closed;

        public SshChannel(SshTransport transport, uint localId)
        {
            _transport = transport;
            LocalId = localId;
        }

        public uint LocalId { get; }
        public uint RemoteId { get; private set; }
        public uint RemoteMaxPacket { get; private set; }

        public async Task OpenSessionAsync(CancellationToken ct)
        {
            var open = new SshWriter(SshMessage.ChannelOpen).WriteString("session").WriteUInt32(LocalId)
                .WriteUInt32(LocalWindow).WriteUInt32(LocalMaxPacket).ToArray();
            var reply = await RequestAsync(open, ct).ConfigureAwait(false);
            var r = new SshReader(reply);
            var type = r.ReadByte();
            r.ReadUInt32();
            if (type == SshMessage.ChannelOpenFailure)
            {
                var code = r.ReadUInt32();
                throw new SshProtocolException("the server refused a session channel (code " + code + "): " + r.ReadText());
            }
            RemoteId = r.ReadUInt32();
            _remoteWindow = _initialWindow = r.ReadUInt32();
            RemoteMaxPacket = Math.Max(1u, Math.Min(r.ReadUInt32(), 256u * 1024));
        }

        public async Task RequestSubsystemAsync(string name, CancellationToken ct)
        {
            var request = new SshWriter(SshMessage.ChannelRequest).WriteUInt32(RemoteId).WriteString("subsystem")
                .WriteBoolean(true).WriteString(name).ToArray();
            var reply = await RequestAsync(request, ct).ConfigureAwait(false);
            if (reply[0] != SshMessage.ChannelSuccess) throw new SshProtocolException("the server refused the '" + name + "' subsystem");
        }

        /// <summary>
        /// Sends as much as the window allows at once (up to MaxBatch), as packets of the server's maximum size. With too
        /// little window it waits for enough to send all of it (or MaxBatch, or half the initial window) rather than
        /// waking on every small adjust (OpenSSH's sshd adjusts every ~96 KiB); a server that never opens that much
        /// gets whatever window there is after WindowPatience.
        /// </summary>
        public async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            var patient = true;
            while (count > 0)
            {
                int chunk;
                while (true)
                {
                    if (_closed) throw new SshConnectionException("the server closed the channel");
                    lock (_gate)
                    {
                        var wanted = patient ? Math.Min(Math.Min(count, MaxBatch), _initialWindow / 2) : 1;
                        chunk = _remoteWindow >= Math.Max(1, wanted) ? (int)Math.Min(Math.Min(_remoteWindow, count), MaxBatch) : 0;
                        _remoteWindow -= chunk;
                        _windowWanted = chunk > 0 ? long.MaxValue : Math.Max(1, wanted);
                    }
                    if (chunk > 0) break;
                    patient = await _windowOpened.WaitAsync(WindowPatience, ct).ConfigureAwait(false);
                }
                await _transport.SendChannelDataAsync(RemoteId, (int)RemoteMaxPacket, new ArraySegment<byte>(buffer, offset, chunk), ct).ConfigureAwait(false);
                offset += chunk;
                count -= chunk;
            }
        }

        public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            if (_current.Count == 0) _current = await _data.TakeAsync(ct).ConfigureAwait(false);
            var n = Math.Min(count, _current.Count);
            Buffer.BlockCopy(_current.Array!, _current.Offset, buffer, offset, n);
            _current = new ArraySegment<byte>(_current.Array!, _current.Offset + n, _current.Count - n);
            _consumed += (uint)n;
            if (_consumed >= LocalWindow / 2)
            {
                var adjust = new SshWriter(SshMessage.ChannelWindowAdjust).WriteUInt32(RemoteId).WriteUInt32(_consumed).ToArray();
                _consumed = 0;
                await _transport.SendAsync(adjust, ct).ConfigureAwait(false);
            }
            return n;
        }

        public async Task CloseAsync(CancellationToken ct)
        {
            if (_closed) return;
            _closed = true;
            await _transport.SendAsync(new SshWriter(SshMessage.ChannelClose).WriteUInt32(RemoteId).ToArray(), ct).ConfigureAwait(false);
        }

        /// <summary>Called by the connection's dispatcher for every message addressed to this channel.</summary>
        public async Task HandleAsync(byte[] payload, CancellationToken ct)
        {
            var r = new SshReader(payload);
            var type = r.ReadByte();
            r.ReadUInt32();
            switch (type)
            {
                case SshMessage.ChannelData:
                    _data.Enqueue(r.ReadStringSegment());
                    break;
                case SshMessage.ChannelWindowAdjust:
                    bool wake;
                    lock (_gate)
                    {
                        _remoteWindow += r.ReadUInt32();
                        // Wake the writer only once it can send what it waits for: one wake-up per batch, not per adjust.
                        wake = _remoteWindow >= _windowWanted;
                        if (wake) _windowWanted = long.MaxValue;
                    }
                    if (wake) _windowOpened.Release();
                    break;
                case SshMessage.ChannelExtendedData:
                    break;
                case SshMessage.ChannelEof:
                    _data.Fail(new SshConnectionException("the server ended the channel's data (EOF)"));
                    break;
                case SshMessage.ChannelClose:
                    var wasOpen = !_closed;
                    Fail(new SshConnectionException("the server closed the channel"));
                    if (wasOpen) await _transport.SendAsync(new SshWriter(SshMessage.ChannelClose).WriteUInt32(RemoteId).ToArray(), ct).ConfigureAwait(false);
                    break;
                case SshMessage.ChannelRequest:
                    r.ReadText();
                    if (r.ReadBoolean()) await _transport.SendAsync(new SshWriter(SshMessage.ChannelFailure).WriteUInt32(RemoteId).ToArray(), ct).ConfigureAwait(false);
                    break;
                default:
                    _reply.TrySetResult(payload);
                    break;
            }
        }

        public void Fail(Exception error)
        {
            _closed = true;
            _data.Fail(error);
            _reply.TrySetException(error);
            _windowOpened.Release(1000);
        }

        private async Task<byte[]> RequestAsync(byte[] message, CancellationToken ct)
        {
            _reply = NewReply();
            var reply = _reply.Task;
            await _transport.SendAsync(message, ct).ConfigureAwait(false);
            var cancelled = new TaskCompletionSource<byte[]>();
            using (ct.Register(() => cancelled.TrySetCanceled()))
                return await (await Task.WhenAny(reply, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
        }

        private static TaskCompletionSource<byte[]> NewReply() => new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
