using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;

namespace FundMail.Util
{
    /// <summary>
    /// Linux file I/O that bypasses the page cache (O_DIRECT): the bytes go between our own buffer and the disk. Mail and
    /// attachment files are written once and shipped, so caching them only costs memory the kernel must find first;
    /// on a VM that hands freed memory back to its host, that first touch is most of the cost of a write.
    /// Offsets, lengths and buffer addresses must be multiples of <see cref="Alignment"/>.
    /// </summary>
    internal static class DirectIo
    {
        /// <summary>Covers every logical block size in use (512 and 4096 bytes).</summary>
        public const int Alignment = 4096;

        private const int O_RDONLY = 0, O_WRONLY = 1, O_CREAT = 0x40, O_EXCL = 0x80, O_CLOEXEC = 0x80000;
        private const int EINVAL = 22;
        private static readonly int O_DIRECT = DirectFlag();

        /// <summary>False off Linux or on an architecture whose flag value is not known here: callers use buffered files.</summary>
        public static bool IsSupported => O_DIRECT != 0;

        /// <summary>Opens a new file for direct writing; null when its file system refuses O_DIRECT (then buffer it).</summary>
        public static int? TryCreateNew(string path) => TryOpen(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_DIRECT, "create");

        /// <summary>Opens a file for direct reading; null when its file system refuses O_DIRECT.</summary>
        public static int? TryOpenRead(string path) => TryOpen(path, O_RDONLY | O_CLOEXEC | O_DIRECT, "open");

        private static int? TryOpen(string path, int flags, string verb)
        {
            var fd = open(path, flags, 438 /* 0666, less the umask, as FileStream creates */);
            if (fd >= 0) return fd;
            var errno = Marshal.GetLastWin32Error();
            if (errno == EINVAL) return null;
            throw Failure(verb, path, errno);
        }

        /// <summary>Writes all of count bytes at offset (a short write is retried from where it stopped while it stays aligned).</summary>
        public static void WriteAll(int fd, IntPtr buffer, int count, long offset, string path)
        {
            var done = 0;
            while (done < count)
            {
                var n = pwrite(fd, buffer + done, (UIntPtr)(uint)(count - done), offset + done).ToInt64();
                if (n < 0) throw Failure("write", path, Marshal.GetLastWin32Error());
                if (n == 0 || (done + n) % Alignment != 0 && done + n < count)
                    throw new IOException("cannot write '" + path + "': the disk took " + (done + n) + " of " + count + " bytes");
                done += (int)n;
            }
        }

        /// <summary>Reads up to count bytes at offset; fewer only at the end of the file.</summary>
        public static int Read(int fd, IntPtr buffer, int count, long offset, string path)
        {
            var done = 0;
            while (done < count)
            {
                var n = pread(fd, buffer + done, (UIntPtr)(uint)(count - done), offset + done).ToInt64();
                if (n < 0) throw Failure("read", path, Marshal.GetLastWin32Error());
                done += (int)n;
                if (n == 0 || done % Alignment != 0) break; // an unaligned end is the end of the file
            }
            return done;
        }

        public static void Truncate(int fd, long length, string path)
        {
            if (ftruncate(fd, length) != 0) throw Failure("set the length of", path, Marshal.GetLastWin32Error());
        }

        public static void Close(int fd) => close(fd);

        private static IOException Failure(string verb, string path, int errno) =>
            new IOException("cannot " + verb + " '" + path + "': " + new Win32Exception(errno).Message + " (errno " + errno + ")", errno);

        private static int DirectFlag()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return 0;
            switch (RuntimeInformation.ProcessArchitecture)
            {
                case Architecture.X64: return 0x4000;
                case Architecture.Arm64: return 0x10000;
                default: return 0;
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int open(string path, int flags, int mode);

        [DllImport("libc", SetLastError = true)]
        private static extern IntPtr pwrite(int fd, IntPtr buffer, UIntPtr count, long offset);

        [DllImport("libc", SetLastError = true)]
        private static extern IntPtr pread(int fd, IntPtr buffer, UIntPtr count, long offset);

        [DllImport("libc", SetLastError = true)]
        private static extern int ftruncate(int fd, long length);

        [DllImport("libc", SetLastError = true)]
        private static extern int close(int fd);
    }
}
