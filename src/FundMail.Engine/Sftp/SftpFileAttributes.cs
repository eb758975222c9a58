using System;
using FundMail.Ssh;

namespace FundMail.Sftp
{
    /// <summary>The ATTRS structure of SFTP v3 (§5): only the fields the server chose to send are set.</summary>
    public sealed class SftpFileAttributes
    {
        private const uint SizeFlag = 0x1, UidGidFlag = 0x2, PermissionsFlag = 0x4, TimesFlag = 0x8, ExtendedFlag = 0x80000000;

        public long? Size { get; private set; }
        public uint? Permissions { get; private set; }
        public DateTimeOffset? LastWriteTime { get; private set; }

        public bool IsDirectory => Permissions.HasValue && (Permissions.Value & 0xF000) == 0x4000;
        public bool IsRegularFile => Permissions.HasValue && (Permissions.Value & 0xF000) == 0x8000;

        internal static SftpFileAttributes Read(SshReader r)
        {
            var attributes = new SftpFileAttributes();
            var flags = r.ReadUInt32();
            if ((flags & SizeFlag) != 0) attributes.Size = (long)r.ReadUInt64();
            if ((flags & UidGidFlag) != 0)
            {
                r.ReadUInt32();
                r.ReadUInt32();
            }
            if ((flags & PermissionsFlag) != 0) attributes.Permissions = r.ReadUInt32();
            if ((flags & TimesFlag) != 0)
            {
                r.ReadUInt32();
                attributes.LastWriteTime = DateTimeOffset.FromUnixTimeSeconds(r.ReadUInt32());
            }
            if ((flags & ExtendedFlag) != 0)
            {
                var count = r.ReadUInt32();
                for (var i = 0; i < count; i++)
                {
                    r.ReadString();
                    r.ReadString();
                }
            }
            return attributes;
        }

        /// <summary>An ATTRS block carrying nothing (server defaults).</summary>
        internal static void WriteEmpty(SshWriter w) => w.WriteUInt32(0);
    }

    /// <summary>One READDIR entry.</summary>
    public sealed class SftpDirectoryEntry
    {
        public SftpDirectoryEntry(string name, SftpFileAttributes attributes)
        {
            Name = name;
            Attributes = attributes;
        }

        public string Name { get; }
        public SftpFileAttributes Attributes { get; }
    }

    /// <summary>An open remote file; the handle bytes are the server's.</summary>
    public sealed class SftpFileHandle
    {
        internal SftpFileHandle(string path, byte[] handle)
        {
            Path = path;
            Handle = handle;
        }

        public string Path { get; }
        internal byte[] Handle { get; }
    }
}
