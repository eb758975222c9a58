using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FundMail.Ssh;

namespace FundMail.Tests.Ssh.Fuzz
{
    /// <summary>
    /// One fuzz case, all drawn from its seed: where in the conversation the fake server misbehaves (Target) and how
    /// (Kind). Everything before and after that one send is a well-behaved server.
    /// </summary>
    internal sealed class FuzzCase
    {
        public static readonly string[] TransportTargets =
            { "kexinit", "kexreply", "newkeys", "service-accept", "auth-reply", "channel-open", "subsystem" };

        public const int SftpReplies = 13;

        // Payload kinds change the message and seal it properly; packet kinds break the packet around a good message.
        private static readonly string[] TransportKinds =
            { "flip", "truncate", "uint32", "number", "append", "insert", "inject", "length", "padding", "tamper", "cut", "dribble", "mute" };

        // "starve" (channel-open only) grants a small window and never adds to it, staying connected: flow control stuck.
        // "stuck" (SFTP only) answers properly but lists the directory again and again, never reaching its end.
        // "mute" sends nothing and keeps the connection open past the client's time limits: its own timeouts must end it.
        // SFTP kinds change the SFTP bytes inside a proper CHANNEL_DATA: the SFTP parser is what they reach.
        private static readonly string[] SftpKinds = { "flip", "truncate", "uint32", "number", "append", "insert", "inject", "split", "cut", "mute", "stuck" };
        private static readonly string[] VersionKinds = { "flip", "truncate", "insert", "append", "banner", "endless" };

        private readonly FuzzRandom _random;

        public FuzzCase(int seed)
        {
            Seed = seed;
            _random = new FuzzRandom(seed);
            var targets = new[] { "version" }.Concat(TransportTargets).Concat(new[] { "sftp-version" })
                .Concat(Enumerable.Range(0, SftpReplies).Select(i => "sftp-reply-" + i)).ToArray();
            Target = targets[_random.Next(targets.Length)];
            var kinds = Target == "version" ? VersionKinds : Target.StartsWith("sftp-", StringComparison.Ordinal) ? SftpKinds
                : Target == "channel-open" ? TransportKinds.Concat(new[] { "starve" }).ToArray() : TransportKinds;
            Kind = kinds[_random.Next(kinds.Length)];
        }

        /// <summary>A case with a chosen target and kind (the seed still draws the details): for regression tests.</summary>
        public FuzzCase(int seed, string target, string kind) : this(seed)
        {
            Target = target;
            Kind = kind;
        }

        /// <summary>Longer than the client's watchdog (<see cref="FuzzClient"/>): only the client's own time limits can end the case.</summary>
        private static readonly TimeSpan MuteFor = TimeSpan.FromSeconds(12);

        public int Seed { get; }
        public string Target { get; }
        public string Kind { get; }

        public override string ToString() => "seed " + Seed + ": " + Kind + " at " + Target;

        /// <summary>The server's identification line, broken the case's way.</summary>
        public byte[] VersionBytes()
        {
            var line = Encoding.ASCII.GetBytes(FakeSshConnection.ServerVersion + "\r\n");
            switch (Kind)
            {
                case "banner":
                    var banner = string.Concat(Enumerable.Range(0, _random.Next(1, 80)).Select(i => "line " + i + "\r\n"));
                    return Encoding.ASCII.GetBytes(banner).Concat(line).ToArray();
                case "endless":
                    return Enumerable.Repeat((byte)'S', 300 + _random.Next(2000)).ToArray();
                default:
                    return Mutate(line, 0);
            }
        }

        /// <summary>Sends one transport message the case's way (a packet kind, or a changed payload properly sealed).</summary>
        public async Task SendAsync(FakeSshConnection c, byte[] payload)
        {
            c.IdleLimit = TimeSpan.FromSeconds(1);
            switch (Kind)
            {
                case "mute":
                    c.IdleLimit = MuteFor;
                    return;
                case "starve":
                {
                    // CHANNEL_OPEN_CONFIRMATION: number, recipient, sender, then the initial window at offset 9.
                    var confirmation = (byte[])payload.Clone();
                    Bytes.WriteUInt32((uint)_random.Next(0, 4096), confirmation, 9);
                    c.IdleLimit = MuteFor;
                    await c.SendAsync(confirmation).ConfigureAwait(false);
                    return;
                }
                case "inject":
                    await c.SendAsync(StrayMessages.Transport(_random, c)).ConfigureAwait(false);
                    await c.SendAsync(payload).ConfigureAwait(false);
                    return;
                case "length":
                    await c.WriteAsync(c.Seal(payload, declaredLength: _random.Boundary(payload.Length + _random.Next(-3, 40)))).ConfigureAwait(false);
                    return;
                case "padding":
                    await c.WriteAsync(c.Seal(payload, declaredPadding: (byte)_random.Boundary(payload.Length + _random.Next(-3, 20)))).ConfigureAwait(false);
                    return;
                case "tamper":
                {
                    var packet = c.Seal(payload);
                    packet[_random.Next(packet.Length)] ^= (byte)(1 << _random.Next(8));
                    await c.WriteAsync(packet).ConfigureAwait(false);
                    return;
                }
                case "cut":
                {
                    var packet = c.Seal(payload);
                    await c.WriteAsync(packet, 0, _random.Next(1, packet.Length)).ConfigureAwait(false);
                    return;
                }
                case "dribble":
                {
                    var packet = c.Seal(payload);
                    for (var at = 0; at < packet.Length;)
                    {
                        var chunk = Math.Min(packet.Length - at, _random.Next(1, 8));
                        await c.WriteAsync(packet, at, chunk).ConfigureAwait(false);
                        at += chunk;
                    }
                    return;
                }
                default:
                    await c.SendAsync(Mutate(payload, 0)).ConfigureAwait(false);
                    return;
            }
        }

        /// <summary>Sends one SFTP packet (length field included) inside CHANNEL_DATA, the case's way.</summary>
        public async Task SendSftpAsync(FakeSshConnection c, byte[] sftp)
        {
            c.IdleLimit = TimeSpan.FromSeconds(1);
            switch (Kind)
            {
                case "mute":
                    c.IdleLimit = MuteFor;
                    return;
                case "inject":
                    await c.SendAsync(StrayMessages.Channel(_random, c)).ConfigureAwait(false);
                    await c.SendAsync(c.ChannelData(sftp)).ConfigureAwait(false);
                    return;
                case "stuck":
                    await c.SendAsync(c.ChannelData(sftp)).ConfigureAwait(false);
                    return;
                case "split":
                    for (var at = 0; at < sftp.Length;)
                    {
                        var chunk = Math.Min(sftp.Length - at, _random.Next(0, 9));
                        await c.SendAsync(c.ChannelData(sftp.Skip(at).Take(chunk).ToArray())).ConfigureAwait(false);
                        at += chunk;
                    }
                    return;
                case "cut":
                    await c.SendAsync(c.ChannelData(sftp.Take(_random.Next(1, sftp.Length)).ToArray())).ConfigureAwait(false);
                    return;
                default:
                    // Offset 4 is the SFTP packet type: "number" changes that, not a byte of the length.
                    await c.SendAsync(c.ChannelData(Mutate(sftp, 4))).ConfigureAwait(false);
                    return;
            }
        }

        private byte[] Mutate(byte[] original, int numberAt)
        {
            var data = (byte[])original.Clone();
            switch (Kind)
            {
                case "flip":
                    for (var i = _random.Next(1, 4); i > 0; i--) data[_random.Next(data.Length)] ^= (byte)(1 << _random.Next(8));
                    return data;
                case "truncate":
                    return data.Take(_random.Next(1, Math.Max(2, data.Length))).ToArray();
                case "uint32":
                {
                    var at = _random.Next(Math.Max(1, data.Length - 3));
                    if (at + 4 > data.Length) Array.Resize(ref data, at + 4);
                    Bytes.WriteUInt32(_random.Boundary(data.Length), data, at);
                    return data;
                }
                case "number":
                    data[Math.Min(numberAt, data.Length - 1)] = (byte)_random.Next(256);
                    return data;
                case "append":
                    return data.Concat(_random.Bytes(_random.Next(1, 5) == 1 ? _random.Next(1000, 40_000) : _random.Next(1, 64))).ToArray();
                default:
                {
                    var at = _random.Next(data.Length + 1);
                    return data.Take(at).Concat(_random.Bytes(_random.Next(1, 17))).Concat(data.Skip(at)).ToArray();
                }
            }
        }
    }
}
