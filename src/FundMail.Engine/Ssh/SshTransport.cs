using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Ssh
{
    /// <summary>
    /// The SSH transport layer (RFC 4253) for one connection: version exchange, key exchanges (initial and re-keys from
    /// either side), keepalive and disconnect handling. A background reader handles transport messages itself and queues
    /// the rest for the authentication and connection layers. Application sends wait while a key exchange runs.
    /// </summary>
    internal sealed partial class SshTransport : IDisposable
    {
        private readonly SshTransportSettings _settings;
        private readonly TcpClient _tcp;
        private readonly PacketIo _io;
        private readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);
        private readonly SshWriter _dataHeader = new SshWriter(16);
        private readonly AsyncQueue<byte[]> _incoming = new AsyncQueue<byte[]>();
        private readonly CancellationTokenSource _lifetime = new CancellationTokenSource();
        private TaskCompletionSource<bool> _kexDone = NewGate();
        private Exception? _failure;
        private long _lastReceivedTicks = DateTime.UtcNow.Ticks;

        private SshTransport(SshTransportSettings settings, TcpClient tcp)
        {
            _settings = settings;
            _tcp = tcp;
            _io = new PacketIo(tcp.GetStream());
        }

        public string ServerVersion { get; private set; } = "";

        /// <summary>Connects; when the offered host key is not pinned but the server has other key types, asks for those in turn.</summary>
        public static async Task<SshTransport> ConnectAsync(SshTransportSettings settings, CancellationToken ct)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await ConnectOnceAsync(settings, ct).ConfigureAwait(false);
                }
                catch (SshHostKeyException e) when (e.AnotherKeyTypeRemains && attempt < HostKeySignature.Algorithms.Length)
                {
                    // The next attempt offers only the key types not seen yet.
                }
            }
        }

        private static async Task<SshTransport> ConnectOnceAsync(SshTransportSettings settings, CancellationToken ct)
        {
            var tcp = new TcpClient { NoDelay = true };
            SshTransport transport;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            using (timeout.Token.Register(() => tcp.Dispose()))
            {
                timeout.CancelAfter(settings.ConnectTimeout);
                try
                {
                    await tcp.ConnectAsync(settings.Host, settings.Port).ConfigureAwait(false);
                    transport = new SshTransport(settings, tcp);
                    transport.ServerVersion = await VersionExchange.RunAsync(tcp.GetStream(), timeout.Token).ConfigureAwait(false);
                    await transport.InitialKeyExchangeAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (!(e is SshException))
                {
                    tcp.Dispose();
                    ct.ThrowIfCancellationRequested();
                    if (timeout.IsCancellationRequested)
                        throw new SshConnectionException("no SSH handshake with " + settings.Host + ":" + settings.Port + " within " + settings.ConnectTimeout.TotalSeconds + " s");
                    throw new SshConnectionException("cannot connect to " + settings.Host + ":" + settings.Port + ": " + e.Message, e);
                }
                catch
                {
                    tcp.Dispose();
                    throw;
                }
            }
            transport.StartBackground();
            return transport;
        }

        /// <summary>Sends a connection-layer message, waiting while a key exchange is in progress.</summary>
        public Task SendAsync(byte[] payload, CancellationToken ct) => SendAsync(new ArraySegment<byte>(payload), ct);

        public Task SendAsync(ArraySegment<byte> payload, CancellationToken ct) => SendAsync(payload, default, ct);

        /// <summary>Sends a message made of a header and a body (bulk channel data is copied only into the packet).</summary>
        public Task SendAsync(ArraySegment<byte> payload, ArraySegment<byte> body, CancellationToken ct) =>
            SendAsync(() => _io.Append(payload, body), ct);

        /// <summary>
        /// Sends data on a channel as CHANNEL_DATA packets of at most maxPacket bytes each, all in one socket write.
        /// The caller has taken the window for all of it.
        /// </summary>
        public Task SendChannelDataAsync(uint recipient, int maxPacket, ArraySegment<byte> data, CancellationToken ct) =>
            SendAsync(() =>
            {
                for (var sent = 0; sent < data.Count;)
                {
                    var chunk = Math.Min(maxPacket, data.Count - sent);
                    var header = _dataHeader.Reset().WriteByte(SshMessage.ChannelData).WriteUInt32(recipient).WriteUInt32((uint)chunk);
                    _io.Append(header.Segment, new ArraySegment<byte>(data.Array!, data.Offset + sent, chunk));
                    sent += chunk;
                }
            }, ct);

        /// <summary>Appends packets (under the send lock) and sends them, waiting while a key exchange is in progress.</summary>
        private async Task SendAsync(Action appendPackets, CancellationToken ct)
        {
            while (true)
            {
                ThrowIfFailed();
                Task gate;
                await _sendLock.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    ThrowIfFailed();
                    if (!_kexInProgress)
                    {
                        await WriteLockedAsync(appendPackets, ct).ConfigureAwait(false);
                        if (RekeyDue) await StartKeyExchangeLockedAsync(ct).ConfigureAwait(false);
                        return;
                    }
                    gate = _kexDone.Task;
                }
                finally
                {
                    _sendLock.Release();
                }
                await WaitAsync(gate, ct).ConfigureAwait(false);
            }
        }

        /// <summary>The next message for the layers above (authentication, channels).</summary>
        public Task<byte[]> ReceiveAsync(CancellationToken ct) => _incoming.TakeAsync(ct);

        public void Dispose()
        {
            if (_failure == null)
            {
                try
                {
                    var bye = new SshWriter(SshMessage.Disconnect).WriteUInt32(11).WriteString("closing").WriteString("").ToArray();
                    using (var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
                    {
                        if (_sendLock.Wait(TimeSpan.FromSeconds(2)))
                            WriteLockedAsync(bye, quick.Token).GetAwaiter().GetResult();
                    }
                }
                catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is OperationCanceledException || e is SshException)
                {
                    // The connection is going away anyway.
                }
            }
            Fail(new SshConnectionException("the SSH connection was closed"));
        }

        private void StartBackground()
        {
            _ = Task.Run(ReadLoopAsync);
            _ = Task.Run(KeepAliveLoopAsync);
        }

        private async Task ReadLoopAsync()
        {
            try
            {
                while (true)
                {
                    var payload = await _io.ReadAsync(_lifetime.Token).ConfigureAwait(false);
                    Interlocked.Exchange(ref _lastReceivedTicks, DateTime.UtcNow.Ticks);
                    switch (payload[0])
                    {
                        case SshMessage.Disconnect:
                            throw ParseDisconnect(payload);
                        case SshMessage.Ignore:
                        case SshMessage.Debug:
                        case SshMessage.Unimplemented:
                        case SshMessage.ExtInfo:
                        case SshMessage.RequestSuccess:
                        case SshMessage.RequestFailure:
                            break;
                        case SshMessage.KexInit:
                            await RekeyAsync(payload).ConfigureAwait(false);
                            break;
                        case SshMessage.GlobalRequest:
                            await AnswerGlobalRequestAsync(payload).ConfigureAwait(false);
                            break;
                        default:
                            if (SshMessage.IsKexMessage(payload[0]))
                                throw new SshProtocolException("key exchange message " + payload[0] + " outside a key exchange");
                            _incoming.Enqueue(payload);
                            break;
                    }
                }
            }
            catch (Exception e)
            {
                Fail(e);
            }
        }

        private async Task AnswerGlobalRequestAsync(byte[] payload)
        {
            var r = new SshReader(payload);
            r.ReadByte();
            r.ReadText();
            // We accept no global requests (hostkeys-00, keepalives): say so when asked.
            if (r.ReadBoolean()) await SendAsync(new[] { SshMessage.RequestFailure }, _lifetime.Token).ConfigureAwait(false);
        }

        private async Task KeepAliveLoopAsync()
        {
            var interval = _settings.KeepAliveInterval;
            var unansweredSince = DateTime.MinValue; // when the first keepalive nothing has answered yet went out
            while (!_lifetime.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, _lifetime.Token).ConfigureAwait(false);
                    var now = DateTime.UtcNow;
                    var lastReceived = new DateTime(Interlocked.Read(ref _lastReceivedTicks), DateTimeKind.Utc);
                    var silent = now - lastReceived;
                    if (silent < interval) continue;
                    // Only silence after a keepalive counts: a process that was paused or starved (a suspended VM, a busy
                    // machine) probes the server before it gives up on it, instead of failing a healthy connection.
                    if (unansweredSince <= lastReceived)
                        unansweredSince = now;
                    else if (now - unansweredSince > TimeSpan.FromTicks(interval.Ticks * 2))
                    {
                        Fail(new SshConnectionException("the SSH server stopped answering (nothing received for " + (int)silent.TotalSeconds + " s despite keepalives)"));
                        return;
                    }
                    KeepalivesSent++;
                    var ping = new SshWriter(SshMessage.GlobalRequest).WriteString("keepalive@openssh.com").WriteBoolean(true).ToArray();
                    using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token))
                    {
                        timeout.CancelAfter(interval);
                        await SendAsync(ping, timeout.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException)
                {
                    // Closed, or the ping waited behind a key exchange or a full socket: the silence check decides.
                }
                catch (SshException)
                {
                    return;
                }
            }
        }

        public int KeepalivesSent { get; private set; }

        private static SshDisconnectException ParseDisconnect(byte[] payload)
        {
            var r = new SshReader(payload);
            r.ReadByte();
            var reason = r.ReadUInt32();
            return new SshDisconnectException(reason, r.ReadText());
        }

        private void ThrowIfFailed()
        {
            var failure = _failure;
            if (failure == null) return;
            if (failure is SshConnectionException c) throw new SshConnectionException(c.Message, c);
            throw failure;
        }

        /// <summary>Ends the connection once, with the first reason; everything waiting gets that reason.</summary>
        private void Fail(Exception error)
        {
            var reason = error is SshException ? error
                : error is OperationCanceledException && _lifetime.IsCancellationRequested ? new SshConnectionException("the SSH connection was closed")
                : new SshConnectionException("the SSH connection was lost: " + error.Message, error);
            if (Interlocked.CompareExchange(ref _failure, reason, null) != null) return;
            _incoming.Fail(reason);
            _kexDone.TrySetException(reason);
            _lifetime.Cancel();
            _tcp.Dispose();
        }

        private static async Task WaitAsync(Task task, CancellationToken ct)
        {
            var cancelled = new TaskCompletionSource<bool>();
            using (ct.Register(() => cancelled.TrySetCanceled()))
                await (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
        }

        private static TaskCompletionSource<bool> NewGate() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
