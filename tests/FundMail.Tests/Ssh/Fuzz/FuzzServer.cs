using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace FundMail.Tests.Ssh.Fuzz
{
    /// <summary>
    /// A one-connection SSH/SFTP server on 127.0.0.1 that plays a plain server's part (password accepted, one sftp
    /// channel, answers from <see cref="SftpAnswers"/>) except for the one send its <see cref="FuzzCase"/> breaks.
    /// </summary>
    internal sealed class FuzzServer : IDisposable
    {
        private static readonly Ed25519PrivateKeyParameters HostKey = new Ed25519PrivateKeyParameters(new SecureRandom());
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly FuzzCase? _case;
        private readonly Task _serving;

        /// <param name="fuzz">Null for a well-behaved server.</param>
        public FuzzServer(FuzzCase? fuzz)
        {
            _case = fuzz;
            _listener.Start();
            _serving = ServeAsync();
        }

        public static string Fingerprint => HostKeyFingerprint.Of(FakeSshConnection.HostKeyBlob(HostKey));
        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                _serving.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The script ended when the client went away: expected.
            }
        }

        private async Task ServeAsync()
        {
            using var tcp = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
            tcp.NoDelay = true;
            using var c = new FakeSshConnection(tcp, HostKey, _stop.Token);
            using var stopping = _stop.Token.Register(tcp.Dispose);
            try
            {
                await RunAsync(c).ConfigureAwait(false);
                // Stay until the client closes (a finished client disconnects; a stuck one meets the idle limit).
                while (true) await c.ReceiveAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is OperationCanceledException ||
                                      e is SshException)
            {
                // The client left, broke off, or (after a fuzzed send) sent what a plain server would not expect.
            }
        }

        private async Task RunAsync(FakeSshConnection c)
        {
            if (Is("version"))
            {
                c.IdleLimit = TimeSpan.FromSeconds(1);
                await c.WriteAsync(_case!.VersionBytes()).ConfigureAwait(false);
            }
            else await c.WriteAsync(System.Text.Encoding.ASCII.GetBytes(FakeSshConnection.ServerVersion + "\r\n")).ConfigureAwait(false);
            var clientVersion = await c.ReadVersionAsync().ConfigureAwait(false);
            var ours = KexInitMessage.Build(new[] { "curve25519-sha256" }, new[] { "ssh-ed25519" }, SessionKeys.Ciphers, SessionKeys.Macs);
            await SendAsync(c, "kexinit", ours.Payload).ConfigureAwait(false);
            await c.KeyExchangeAsync(clientVersion, ours, (target, payload) => SendAsync(c, target, payload)).ConfigureAwait(false);

            await c.ExpectAsync(SshMessage.ServiceRequest).ConfigureAwait(false);
            await SendAsync(c, "service-accept", new SshWriter(SshMessage.ServiceAccept).WriteString("ssh-userauth").ToArray()).ConfigureAwait(false);
            await c.ExpectAsync(SshMessage.UserAuthRequest).ConfigureAwait(false);
            await SendAsync(c, "auth-reply", new[] { SshMessage.UserAuthSuccess }).ConfigureAwait(false);

            c.ChannelOpened(await c.ExpectAsync(SshMessage.ChannelOpen).ConfigureAwait(false));
            await SendAsync(c, "channel-open", new SshWriter(SshMessage.ChannelOpenConfirmation).WriteUInt32(c.ClientChannel)
                .WriteUInt32(FakeSshConnection.ServerChannel).WriteUInt32(2 * 1024 * 1024).WriteUInt32(32 * 1024).ToArray()).ConfigureAwait(false);
            await c.ExpectAsync(SshMessage.ChannelRequest).ConfigureAwait(false);
            await SendAsync(c, "subsystem", new SshWriter(SshMessage.ChannelSuccess).WriteUInt32(c.ClientChannel).ToArray()).ConfigureAwait(false);

            var requests = new SftpRequestReader(c);
            await requests.NextAsync().ConfigureAwait(false);
            await SendSftpAsync(c, "sftp-version", SftpAnswers.Version()).ConfigureAwait(false);
            var answers = new SftpAnswers();
            for (var i = 0; ; i++)
            {
                var request = await requests.NextAsync().ConfigureAwait(false);
                if (Is("sftp-reply-" + i) && _case!.Kind == "stuck") answers.EndlessListing = true;
                await SendSftpAsync(c, "sftp-reply-" + i, answers.For(request)).ConfigureAwait(false);
            }
        }

        private bool Is(string target) => _case != null && _case.Target == target;

        private Task SendAsync(FakeSshConnection c, string target, byte[] payload) =>
            Is(target) ? _case!.SendAsync(c, payload) : c.SendAsync(payload);

        private Task SendSftpAsync(FakeSshConnection c, string target, byte[] sftp) =>
            Is(target) ? _case!.SendSftpAsync(c, sftp) : c.SendAsync(c.ChannelData(sftp));
    }
}
