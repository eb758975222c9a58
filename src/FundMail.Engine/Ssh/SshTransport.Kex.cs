using System;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Ssh
{
    /// <summary>Key exchange (RFC 4253 §7–8, RFC 5656, RFC 8731) with OpenSSH strict kex, initial and repeated.</summary>
    internal sealed partial class SshTransport
    {
        private const string StrictClient = "kex-strict-c-v00@openssh.com";
        private const string StrictServer = "kex-strict-s-v00@openssh.com";

        private bool _kexInProgress;
        private KexInitMessage? _ourKexInit;
        private byte[]? _sessionId;
        private byte[]? _hostKey;
        private long _trafficAtLastKex;

        public byte[] SessionId => _sessionId ?? throw new InvalidOperationException("no key exchange yet");
        public bool StrictKex { get; private set; }
        public int KeyExchangeCount { get; private set; }
        public string KexAlgorithm { get; private set; } = "";
        public string HostKeyAlgorithm { get; private set; } = "";
        public string HostKeyFingerprintSeen { get; private set; } = "";
        public string CipherClientToServer { get; private set; } = "";
        public string CipherServerToClient { get; private set; } = "";

        private bool RekeyDue => _io.BytesSent + _io.BytesReceived - _trafficAtLastKex > _settings.RekeyAfterBytes;

        /// <summary>Asks for a fresh key exchange now (the byte limit does the same on its own).</summary>
        public async Task RequestKeyExchangeAsync(CancellationToken ct)
        {
            await _sendLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (!_kexInProgress) await StartKeyExchangeLockedAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        private async Task InitialKeyExchangeAsync(CancellationToken ct)
        {
            _kexInProgress = true;
            await StartKeyExchangeLockedAsync(ct).ConfigureAwait(false);
            var first = await _io.ReadAsync(ct).ConfigureAwait(false);
            if (first[0] == SshMessage.Disconnect) throw ParseDisconnect(first);
            // Strict kex: the first packet must be KEXINIT; we demand that of every server.
            if (first[0] != SshMessage.KexInit) throw new SshProtocolException("the server's first packet is message " + first[0] + ", not KEXINIT");
            await RunKeyExchangeAsync(KexInitMessage.Parse(first), ct).ConfigureAwait(false);
        }

        /// <summary>The caller holds the send lock. Marks the exchange as running so application sends wait.</summary>
        private async Task StartKeyExchangeLockedAsync(CancellationToken ct)
        {
            _kexInProgress = true;
            _kexDone = NewGate();
            var kex = _sessionId == null ? KeyExchangeMethod.Names.Concat(new[] { StrictClient }).ToArray() : KeyExchangeMethod.Names;
            _ourKexInit = KexInitMessage.Build(kex, _settings.HostKeys.AlgorithmsToOffer, SessionKeys.Ciphers, SessionKeys.Macs);
            await WriteLockedAsync(_ourKexInit.Payload, ct).ConfigureAwait(false);
        }

        /// <summary>A KEXINIT arrived on the reader: answer it if the server started, then run the exchange.</summary>
        private async Task RekeyAsync(byte[] serverKexInit)
        {
            await _sendLock.WaitAsync(_lifetime.Token).ConfigureAwait(false);
            try
            {
                if (!_kexInProgress) await StartKeyExchangeLockedAsync(_lifetime.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token))
            {
                timeout.CancelAfter(_settings.ConnectTimeout);
                await RunKeyExchangeAsync(KexInitMessage.Parse(serverKexInit), timeout.Token).ConfigureAwait(false);
            }
        }

        private async Task RunKeyExchangeAsync(KexInitMessage server, CancellationToken ct)
        {
            var ours = _ourKexInit!;
            var initial = _sessionId == null;
            if (initial) StrictKex = server.Kex.Contains(StrictServer);
            var kexName = KexInitMessage.Choose("key exchange", KeyExchangeMethod.Names, server.Kex);
            var hostKeyAlgorithm = KexInitMessage.Choose("host key", ours.HostKey, server.HostKey);
            var cipherOut = KexInitMessage.Choose("client-to-server cipher", ours.CipherClientToServer, server.CipherClientToServer);
            var cipherIn = KexInitMessage.Choose("server-to-client cipher", ours.CipherServerToClient, server.CipherServerToClient);
            // Both sides pick the cipher alone first (RFC 4253 §7.1), so a MAC-less match is a failure, not a reason to skip.
            if (SessionKeys.NeedsMac(cipherOut)) KexInitMessage.Choose("client-to-server MAC", ours.MacClientToServer, server.MacClientToServer);
            if (SessionKeys.NeedsMac(cipherIn)) KexInitMessage.Choose("server-to-client MAC", ours.MacServerToClient, server.MacServerToClient);
            // The server guessed its first kex packet; a client-sent-first method means it has nothing to send, but skip a wrong guess.
            if (server.FirstKexPacketFollows && (server.Kex[0] != kexName || server.HostKey[0] != hostKeyAlgorithm))
                await ReadKexPacketAsync(initial, ct).ConfigureAwait(false);

            var method = KeyExchangeMethod.Create(kexName);
            var init = new SshWriter(SshMessage.KexDhInit);
            method.WriteValue(init, method.ClientValue);
            await SendKexAsync(init.ToArray(), ct).ConfigureAwait(false);

            var reply = await ReadKexPacketAsync(initial, ct).ConfigureAwait(false);
            if (reply[0] != SshMessage.KexDhReply) throw new SshProtocolException("expected the key exchange reply, got message " + reply[0]);
            var r = new SshReader(reply);
            r.ReadByte();
            var hostKey = r.ReadString();
            var serverValue = method.ReadValue(r);
            var signature = r.ReadString();

            // Pinning comes first: an unknown key ends everything before we compute, sign or send anything more.
            if (initial) _settings.HostKeys.Check(hostKeyAlgorithm, hostKey, server.HostKey);
            else if (!hostKey.SequenceEqual(_hostKey!)) throw new SshProtocolException("the server's host key changed during a re-key");

            var secret = method.Agree(serverValue);
            var hashInput = new SshWriter(4096)
                .WriteString(VersionExchange.ClientVersion).WriteString(ServerVersion)
                .WriteString(ours.Payload).WriteString(server.Payload).WriteString(hostKey);
            method.WriteValue(hashInput, method.ClientValue);
            method.WriteValue(hashInput, serverValue);
            hashInput.WriteMpint(secret);
            byte[] exchangeHash;
            using (var sha = SHA256.Create()) exchangeHash = sha.ComputeHash(hashInput.ToArray());
            HostKeySignature.Verify(hostKeyAlgorithm, hostKey, signature, exchangeHash);

            _sessionId ??= exchangeHash;
            _hostKey = hostKey;
            var keys = new SessionKeys(secret, exchangeHash, _sessionId);

            await _sendLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await WriteLockedAsync(new[] { SshMessage.NewKeys }, ct).ConfigureAwait(false);
                _io.ChangeSendCipher(keys.Create(cipherOut, true), StrictKex);
            }
            finally
            {
                _sendLock.Release();
            }
            var newKeys = await ReadKexPacketAsync(initial, ct).ConfigureAwait(false);
            if (newKeys[0] != SshMessage.NewKeys) throw new SshProtocolException("expected NEWKEYS, got message " + newKeys[0]);
            _io.ChangeReceiveCipher(keys.Create(cipherIn, false), StrictKex);

            KexAlgorithm = kexName;
            HostKeyAlgorithm = hostKeyAlgorithm;
            HostKeyFingerprintSeen = HostKeyFingerprint.Of(hostKey);
            CipherClientToServer = cipherOut;
            CipherServerToClient = cipherIn;
            KeyExchangeCount++;
            await _sendLock.WaitAsync(ct).ConfigureAwait(false);
            _trafficAtLastKex = _io.BytesSent + _io.BytesReceived;
            _kexInProgress = false;
            _kexDone.TrySetResult(true);
            _sendLock.Release();
        }

        /// <summary>
        /// Reads inside a key exchange. Under strict kex the initial exchange tolerates nothing else at all (Terrapin);
        /// otherwise IGNORE and DEBUG may interleave. Non-kex messages are never allowed here (RFC 4253 §7.1).
        /// </summary>
        private async Task<byte[]> ReadKexPacketAsync(bool initial, CancellationToken ct)
        {
            while (true)
            {
                var payload = await _io.ReadAsync(ct).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastReceivedTicks, DateTime.UtcNow.Ticks);
                if (payload[0] == SshMessage.Disconnect) throw ParseDisconnect(payload);
                var harmless = payload[0] == SshMessage.Ignore || payload[0] == SshMessage.Debug;
                if (harmless && !(initial && StrictKex)) continue;
                if (!SshMessage.IsKexMessage(payload[0]) || payload[0] == SshMessage.KexInit)
                    throw new SshProtocolException("unexpected message " + payload[0] + " during key exchange" + (initial && StrictKex ? " (strict kex)" : ""));
                return payload;
            }
        }

        private async Task SendKexAsync(byte[] payload, CancellationToken ct)
        {
            await _sendLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await WriteLockedAsync(payload, ct).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        /// <summary>The caller holds the send lock. A packet cut in half breaks the stream, so a failed write ends the connection.</summary>
        private Task WriteLockedAsync(byte[] payload, CancellationToken ct) => WriteLockedAsync(() => _io.Append(new ArraySegment<byte>(payload), default), ct);

        private async Task WriteLockedAsync(Action appendPackets, CancellationToken ct)
        {
            try
            {
                appendPackets();
                using (ct.Register(() => Fail(new SshConnectionException("timed out sending to the SSH server"))))
                    await _io.FlushAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is SshException))
            {
                Fail(e);
                ThrowIfFailed();
                throw;
            }
        }
    }
}
