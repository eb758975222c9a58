using System.Linq;
using FundMail.Ssh;

namespace FundMail.Tests.Ssh.Fuzz
{
    /// <summary>Messages a server sends unasked: well-formed ones a client must take in its stride, and random ones.</summary>
    internal static class StrayMessages
    {
        /// <summary>A transport message: any number, a well-formed or random body.</summary>
        public static byte[] Transport(FuzzRandom random, FakeSshConnection c)
        {
            switch (random.Next(6))
            {
                case 0:
                    return new SshWriter(SshMessage.Ignore).WriteString(random.Bytes(random.Next(200))).ToArray();
                case 1:
                    return new SshWriter(SshMessage.Debug).WriteBoolean(true).WriteString("fuzz").WriteString("").ToArray();
                case 2:
                    return new SshWriter(SshMessage.GlobalRequest).WriteString("hostkeys-00@openssh.com").WriteBoolean(true).ToArray();
                case 3:
                    return new SshWriter(SshMessage.ExtInfo).WriteUInt32(random.Boundary(1)).WriteString("server-sig-algs").ToArray();
                case 4:
                    return Channel(random, c);
                default:
                    return new[] { (byte)random.Next(256) }.Concat(random.Bytes(random.Next(40))).ToArray();
            }
        }

        /// <summary>A channel message to the client's channel (or another), or a stray SFTP packet.</summary>
        public static byte[] Channel(FuzzRandom random, FakeSshConnection c)
        {
            var channel = random.Next(5) == 0 ? random.Boundary(3) : c.ClientChannel;
            switch (random.Next(8))
            {
                case 0:
                    return new SshWriter(SshMessage.ChannelWindowAdjust).WriteUInt32(channel).WriteUInt32(random.Boundary(1)).ToArray();
                case 1:
                    return new SshWriter(SshMessage.ChannelExtendedData).WriteUInt32(channel).WriteUInt32(1).WriteString(random.Bytes(random.Next(100))).ToArray();
                case 2:
                    return new SshWriter(SshMessage.ChannelRequest).WriteUInt32(channel).WriteString("exit-status").WriteBoolean(true).WriteUInt32(1).ToArray();
                case 3:
                    return new SshWriter((byte)random.Next(SshMessage.ChannelOpen, SshMessage.ChannelFailure + 1)).WriteUInt32(channel).ToArray();
                case 4:
                    // A well-formed SFTP status for a request never made.
                    var stray = new SshWriter().WriteByte(101).WriteUInt32(random.Boundary(9)).WriteUInt32(4).WriteString("stray").WriteString("").ToArray();
                    return c.ChannelData(new SshWriter().WriteString(stray).ToArray());
                case 5:
                    return new SshWriter(SshMessage.ChannelData).WriteUInt32(channel).WriteUInt32(random.Boundary(8)).WriteRaw(random.Bytes(random.Next(20))).ToArray();
                case 6:
                    return new[] { (byte)random.Next(SshMessage.ChannelOpen, SshMessage.ChannelFailure + 1) }.Concat(random.Bytes(random.Next(12))).ToArray();
                default:
                    return new SshWriter(SshMessage.ChannelEof).WriteUInt32(channel).ToArray();
            }
        }
    }
}
