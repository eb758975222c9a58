using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;

namespace FundMail.Util
{
    /// <summary>
    /// Unix permissions for what only this user may see (scratch mail, the token cache): a folder only its owner may
    /// enter (0700) and files only the owner may read (0600). netstandard2.0 has no API for either, so libc does it.
    /// </summary>
    internal static class OwnerOnly
    {
        private const uint OwnerOnlyFolder = 0x1C0; // 0700
        private const uint OwnerReadWrite = 0x180; // 0600
        private const int FileTypeMask = 0xF000, FolderType = 0x4000, LinkType = 0xA000;
        private const int EEXIST = 17;

        public static uint UserId => geteuid();

        /// <summary>
        /// Creates <paramref name="path"/> with mode 0700, or takes the existing one if it is a real folder owned by this
        /// user (a link or another user's folder in a shared /tmp could hand our mail to someone else).
        /// </summary>
        public static void CreatePrivateDirectory(string path)
        {
            if (mkdir(path, OwnerOnlyFolder) != 0 && Marshal.GetLastWin32Error() != EEXIST)
                throw Failure("create the folder", path);
            if (SystemNative_LStat(path, out var status) != 0)
                throw Failure("examine", path);
            var type = status.Mode & FileTypeMask;
            if (type != FolderType)
                throw new IOException("FundMail's scratch folder '" + path + "' is " + (type == LinkType ? "a symbolic link" : "not a folder")
                                      + ", so mail spooled there could reach someone else; remove it (FundMail creates the folder itself)"
                                      + " or set XDG_RUNTIME_DIR to a private folder.");
            if (status.Uid != UserId)
                throw new IOException("FundMail's scratch folder '" + path + "' belongs to user id " + status.Uid + ", not to this user (id "
                                      + UserId + "); remove it (FundMail creates the folder itself) or set XDG_RUNTIME_DIR to a private folder.");
            if ((status.Mode & 0x1FF) != OwnerOnlyFolder && chmod(path, OwnerOnlyFolder) != 0)
                throw Failure("restrict to its owner", path);
        }

        /// <summary>Makes a file readable and writable by its owner only, before anything is written into it.</summary>
        public static void RestrictToOwner(string path)
        {
            if (chmod(path, OwnerReadWrite) != 0)
                throw Failure("restrict to its owner", path);
        }

        private static IOException Failure(string verb, string path)
        {
            var errno = Marshal.GetLastWin32Error();
            return new IOException("cannot " + verb + " '" + path + "': " + new Win32Exception(errno).Message + " (errno " + errno + ")", errno);
        }

        // The runtime's own stat: one layout on every Unix, where struct stat differs by libc and architecture.
        [StructLayout(LayoutKind.Sequential, Size = 256)]
        private struct FileStatus
        {
            public int Flags;
            public int Mode;
            public uint Uid;
            public uint Gid;
        }

        [DllImport("libSystem.Native", SetLastError = true)]
        private static extern int SystemNative_LStat(string path, out FileStatus status);

        [DllImport("libc", SetLastError = true)]
        private static extern int mkdir(string path, uint mode);

        [DllImport("libc", SetLastError = true)]
        private static extern int chmod(string path, uint mode);

        [DllImport("libc")]
        private static extern uint geteuid();
    }
}
