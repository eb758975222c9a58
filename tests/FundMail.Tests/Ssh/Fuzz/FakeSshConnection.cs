using System;
using System.IO;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace FundMail.Tests.Ssh.Fuzz
{
    /// <summary>
    /// The server end of one fuzzed connection, on a real socket: a real handshake (curve25519-sha256, an ed25519 host
    /// key, the client's first cipher) built from the engine's own primitives, then whatever packets the test sends,
    /// sealed as they are, well-formed or not. Reading uses the engine's PacketIo: the client is trusted here.
    /// </summary>
    internal sealed class FakeSshConnection : IDisposable
    {
        public const string ServerVersion = "SSH-2.0-FundMailFuzz_1.0";
        public const uint ServerChannel = 0;

        private static readonly SecureRandom Random = new SecureRandom();
        private readonly TcpClient _tcp;
        private readonly Stream _stream;
        private readonly PacketIo _reader;
        private readonly Ed25519PrivateKeyParameters _hostKey;
        private IPacketCipher _sendCipher = NoneCipher.Instance;
        private uint _sendSequence;

        public FakeSshConnection(TcpClient tcp, Ed25519PrivateKeyParameters hostKey, CancellationToken ct)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
            _reader = new PacketIo(_stream);
            _hostKey = hostKey;
            Cancellation = ct;
        }

        public CancellationToken Cancellation { get; }

        /// <summary>After a fuzzed send: a client that says nothing for this long gets the connection closed on it.</summary>
        public TimeSpan? IdleLimit { get; set; }

        public uint ClientChannel { get; private set; }

        public static byte[] HostKeyBlob(Ed25519PrivateKeyParameters key) =>
            new SshWriter().WriteString("ssh-ed25519").WriteString(key.GeneratePublicKey().GetEncoded()).ToArray();

        public Task WriteAsync(byte[] bytes) => WriteAsync(bytes, 0, bytes.Length);

        public async Task WriteAsync(byte[] bytes, int offset, int count)
        {
            await _stream.WriteAsync(bytes, offset, count, Cancellation).ConfigureAwait(false);
            await _stream.FlushAsync(Cancellation).ConfigureAwait(false);
        }

        public async Task<string> ReadVersionAsync()
        {
            var line = new StringBuilder();
            var one = new byte[1];
            while (line.Length < 255 && await _stream.ReadAsync(one, 0, 1, Cancellation).ConfigureAwait(false) == 1)
            {
                if (one[0] == '\n') return line.ToString().TrimEnd('\r');
                line.Append((char)one[0]);
            }
            throw new IOException("no client version line");
        }

        /// <summary>
        /// One packet as the current cipher seals it. declaredLength and declaredPadding replace the header fields
        /// (the bytes stay those of the real layout): what a broken or hostile server might send.
        /// </summary>
        public byte[] Seal(byte[] payload, uint? declaredLength = null, byte? declaredPadding = null)
        {
            var cipher = _sendCipher;
            var aligned = 1 + payload.Length + (cipher.LengthOutsideAlignment ? 0 : 4);
            var padding = cipher.BlockSize - aligned % cipher.BlockSize;
            if (padding < 4) padding += cipher.BlockSize;
            var packetLength = 1 + payload.Length + padding;
            var packet = new byte[4 + packetLength + cipher.TagSize];
            Bytes.WriteUInt32(declaredLength ?? (uint)packetLength, packet, 0);
            packet[4] = declaredPadding ?? (byte)padding;
            Buffer.BlockCopy(payload, 0, packet, 5, payload.Length);
            Random.NextBytes(packet, 5 + payload.Length, padding);
            cipher.Seal(_sendSequence++, packet, 0, 4 + packetLength);
            return packet;
        }

        public Task SendAsync(byte[] payload) => WriteAsync(Seal(payload));

        /// <summary>The next packet from the client; keepalives, window adjusts and ignorable messages are skipped.</summary>
        public async Task<byte[]> ReceiveAsync()
        {
            while (true)
            {
                byte[] payload;
                if (IdleLimit is TimeSpan idle)
                {
                    using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(Cancellation))
                    {
                        quiet.CancelAfter(idle);
                        payload = await _reader.ReadAsync(quiet.Token).ConfigureAwait(false);
                    }
                }
                else payload = await _reader.ReadAsync(Cancellation).ConfigureAwait(false);
                var number = payload[0];
                if (number == SshMessage.Ignore || number == SshMessage.Debug || number == SshMessage.GlobalRequest ||
                    number == SshMessage.ChannelWindowAdjust || number == SshMessage.RequestFailure || number == SshMessage.ChannelFailure) continue;
                return payload;
            }
        }

        public async Task<byte[]> ExpectAsync(byte number)
        {
            var payload = await ReceiveAsync().ConfigureAwait(false);
            if (payload[0] != number) throw new IOException("the client sent message " + payload[0] + ", not " + number);
            return payload;
        }

        /// <summary>Reads the client's KEXINIT and answers the key exchange; send sends our reply and NEWKEYS (each a fuzz target).</summary>
        public async Task KeyExchangeAsync(string clientVersion, KexInitMessage ours, Func<string, byte[], Task> send)
        {
            var clientInit = await ExpectAsync(SshMessage.KexInit).ConfigureAwait(false);
            var client = KexInitMessage.Parse(clientInit);
            var cipher = KexInitMessage.Choose("cipher", client.CipherServerToClient, ours.CipherServerToClient);
            var init = await ExpectAsync(SshMessage.KexDhInit).ConfigureAwait(false);
            var clientValue = new SshReader(init, 1, init.Length - 1).ReadString();

            var ephemeral = new X25519PrivateKeyParameters(Random);
            var serverValue = ephemeral.GeneratePublicKey().GetEncoded();
            var agreement = new X25519Agreement();
            agreement.Init(ephemeral);
            var secret = new byte[32];
            agreement.CalculateAgreement(new X25519PublicKeyParameters(clientValue, 0), secret, 0);
            var hostBlob = HostKeyBlob(_hostKey);
            var hashInput = new SshWriter(4096).WriteString(clientVersion).WriteString(ServerVersion)
                .WriteString(clientInit).WriteString(ours.Payload).WriteString(hostBlob)
                .WriteString(clientValue).WriteString(serverValue).WriteMpint(secret).ToArray();
            byte[] hash;
            using (var sha = SHA256.Create()) hash = sha.ComputeHash(hashInput);
            var signer = new Ed25519Signer();
            signer.Init(true, _hostKey);
            signer.BlockUpdate(hash, 0, hash.Length);
            var signature = new SshWriter().WriteString("ssh-ed25519").WriteString(signer.GenerateSignature()).ToArray();

            await send("kexreply", new SshWriter(SshMessage.KexDhReply).WriteString(hostBlob).WriteString(serverValue).WriteString(signature).ToArray());
            var keys = new SessionKeys(secret, hash, hash);
            await send("newkeys", new[] { SshMessage.NewKeys });
            _sendCipher = keys.Create(cipher, false);
            await ExpectAsync(SshMessage.NewKeys).ConfigureAwait(false);
            _reader.ChangeReceiveCipher(keys.Create(cipher, true), false);
        }

        /// <summary>Notes the client's channel number from its CHANNEL_OPEN.</summary>
        public void ChannelOpened(byte[] open)
        {
            var r = new SshReader(open, 1, open.Length - 1);
            r.ReadString();
            ClientChannel = r.ReadUInt32();
        }

        public byte[] ChannelData(byte[] data) =>
            new SshWriter(SshMessage.ChannelData).WriteUInt32(ClientChannel).WriteString(data).ToArray();

        public void Dispose() => _tcp.Dispose();
    }
}
