namespace FundMail.Sftp
{
    /// <summary>Packet types and status codes of SFTP version 3 (draft-ietf-secsh-filexfer-02).</summary>
    internal static class SftpPacket
    {
        public const byte Init = 1;
        public const byte Version = 2;
        public const byte Open = 3;
        public const byte Close = 4;
        public const byte Write = 6;
        public const byte FStat = 8;
        public const byte OpenDir = 11;
        public const byte ReadDir = 12;
        public const byte Remove = 13;
        public const byte MkDir = 14;
        public const byte RealPath = 16;
        public const byte Stat = 17;
        public const byte Rename = 18;
        public const byte Status = 101;
        public const byte Handle = 102;
        public const byte Name = 104;
        public const byte Attrs = 105;
        public const byte Extended = 200;
    }

    public static class SftpStatus
    {
        public const uint Ok = 0;
        public const uint Eof = 1;
        public const uint NoSuchFile = 2;
        public const uint PermissionDenied = 3;
        public const uint Failure = 4;
        public const uint BadMessage = 5;
        public const uint NoConnection = 6;
        public const uint ConnectionLost = 7;
        public const uint OpUnsupported = 8;

        public static string Name(uint code)
        {
            switch (code)
            {
                case Ok: return "ok";
                case Eof: return "end of file";
                case NoSuchFile: return "no such file";
                case PermissionDenied: return "permission denied";
                case Failure: return "failure (for example a full disk or an existing target)";
                case BadMessage: return "bad message";
                case NoConnection: return "no connection";
                case ConnectionLost: return "connection lost";
                case OpUnsupported: return "operation unsupported";
                default: return "status " + code;
            }
        }
    }

    /// <summary>SSH_FXF_* open flags.</summary>
    [System.Flags]
    public enum SftpOpenMode : uint
    {
        Read = 0x01,
        Write = 0x02,
        Append = 0x04,
        Create = 0x08,
        Truncate = 0x10,
        Exclusive = 0x20,
    }
}
