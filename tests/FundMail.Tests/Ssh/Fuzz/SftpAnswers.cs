using FundMail.Ssh;

namespace FundMail.Tests.Ssh.Fuzz
{
    /// <summary>Well-formed SFTP v3 answers for the fake server: what a plain server would say to each request.</summary>
    internal sealed class SftpAnswers
    {
        private bool _listed;

        /// <summary>From now on every READDIR gets the same entries again, never the end: a server stuck in its listing.</summary>
        public bool EndlessListing { get; set; }

        public static byte[] Version() => Packet(new SshWriter().WriteByte(2).WriteUInt32(3)
            .WriteString("posix-rename@openssh.com").WriteString("1").WriteString("fsync@openssh.com").WriteString("1"));

        /// <summary>The answer to one request (its bytes after the length field).</summary>
        public byte[] For(byte[] request)
        {
            var r = new SshReader(request);
            var type = r.ReadByte();
            var id = r.ReadUInt32();
            switch (type)
            {
                case 3:
                    return Handle(id, "file-1");
                case 11:
                    return Handle(id, "dir-1");
                case 8:
                    return Packet(Start(105, id).WriteUInt32(0x1 | 0x4 | 0x8).WriteUInt64(40_000).WriteUInt32(0x81A4).WriteUInt32(1).WriteUInt32(2));
                case 12:
                    if (_listed && !EndlessListing) return Status(id, 1, "end of directory");
                    _listed = true;
                    var name = Start(104, id).WriteUInt32(2);
                    foreach (var entry in new[] { "a.part", "fm_1.db" })
                        name.WriteString(entry).WriteString("-rw-r--r-- 1 u g 5 " + entry).WriteUInt32(0x1 | 0x4).WriteUInt64(5).WriteUInt32(0x81A4);
                    return Packet(name);
                case 16:
                    return Packet(Start(104, id).WriteUInt32(1).WriteString("/upload").WriteString("").WriteUInt32(0));
                case 17:
                    return Status(id, 2, "no such file");
                default:
                    return Status(id, 0, "");
            }
        }

        private static SshWriter Start(byte type, uint id) => new SshWriter().WriteByte(type).WriteUInt32(id);

        private static byte[] Handle(uint id, string handle) => Packet(Start(102, id).WriteString(handle));

        private static byte[] Status(uint id, uint code, string message) =>
            Packet(Start(101, id).WriteUInt32(code).WriteString(message).WriteString(""));

        private static byte[] Packet(SshWriter body) => new SshWriter().WriteString(body.ToArray()).ToArray();
    }
}
