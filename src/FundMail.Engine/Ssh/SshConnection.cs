using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Util;

namespace FundMail.Ssh
{
    /// <summary>
    /// An authenticated SSH connection (RFC 4254): routes incoming channel messages to their channel.
    /// The host key is checked inside the transport before any authentication request can be sent.
    /// </summary>
    internal sealed class SshConnection : IDisposable
    {
        private readonly ConcurrentDictionary<uint, SshChannel> _channels = new ConcurrentDictionary<uint, SshChannel>();
        private readonly CancellationTokenSource _lifetime = new CancellationTokenSource();
        private int _nextChannel;

        private SshConnection(SshTransport transport)
        {
            Transport = transport;
        }

        public SshTransport Transport { get; }

        public static async Task<SshConnection> ConnectAsync(SshTransportSettings settings, string user, ClientKey? key, Secret? password, CancellationToken ct)
        {
            var transport = await SshTransport.ConnectAsync(settings, ct).ConfigureAwait(false);
            try
            {
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    timeout.CancelAfter(settings.ConnectTimeout);
                    try
                    {
                        await new SshUserAuth(transport, user).AuthenticateAsync(key, password, timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        throw new SshConnectionException("SSH authentication did not finish within " + settings.ConnectTimeout.TotalSeconds + " s");
                    }
                }
            }
            catch
            {
                transport.Dispose();
                throw;
            }
            var connection = new SshConnection(transport);
            _ = Task.Run(connection.DispatchAsync);
            return connection;
        }

        public async Task<SshChannel> OpenSubsystemAsync(string subsystem, CancellationToken ct)
        {
            var channel = new SshChannel(Transport, (uint)Interlocked.Increment(ref _nextChannel));
            _channels[channel.LocalId] = channel;
            try
            {
                await channel.OpenSessionAsync(ct).ConfigureAwait(false);
                await channel.RequestSubsystemAsync(subsystem, ct).ConfigureAwait(false);
            }
            catch
            {
                _channels.TryRemove(channel.LocalId, out _);
                throw;
            }
            return channel;
        }

        public void Dispose()
        {
            _lifetime.Cancel();
            Transport.Dispose();
        }

        private async Task DispatchAsync()
        {
            try
            {
                while (true)
                {
                    var payload = await Transport.ReceiveAsync(_lifetime.Token).ConfigureAwait(false);
                    if (payload[0] < SshMessage.ChannelOpenConfirmation || payload[0] > SshMessage.ChannelFailure) continue;
                    var id = new SshReader(payload, 1, payload.Length - 1).ReadUInt32();
                    if (_channels.TryGetValue(id, out var channel))
                    {
                        await channel.HandleAsync(payload, _lifetime.Token).ConfigureAwait(false);
                        if (payload[0] == SshMessage.ChannelClose) _channels.TryRemove(id, out _);
                    }
                }
            }
            catch (Exception e)
            {
                var reason = e is SshException ? e : new SshConnectionException("the SSH connection was closed", e);
                foreach (var channel in _channels.Values) channel.Fail(reason);
            }
        }
    }
}
