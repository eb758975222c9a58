using System;
using System.IO;
using System.Runtime.InteropServices;

namespace FundMail.Util
{
    /// <summary>Puts files and renames on disk.</summary>
    public static class Durability
    {
        /// <summary>Data and metadata of one file to disk (fsync; FlushFileBuffers on Windows).</summary>
        public static void FlushFile(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
            stream.Flush(true);
        }

        /// <summary>
        /// Makes a rename durable. On Linux a rename lives in the directory, which must be fsynced itself;
        /// NTFS journals the rename with the metadata, so Windows needs nothing more.
        /// </summary>
        public static void FlushDirectory(string directory)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return;
            // O_RDONLY alone opens a directory on Linux and macOS; O_DIRECTORY's value differs by architecture.
            var fd = open(directory, O_RDONLY);
            if (fd < 0)
                throw new IOException("cannot open directory '" + directory + "' to flush it (errno " + Marshal.GetLastWin32Error() + ")");
            try
            {
                if (fsync(fd) != 0)
                    throw new IOException("fsync of directory '" + directory + "' failed (errno " + Marshal.GetLastWin32Error() + ")");
            }
            finally
            {
                close(fd);
            }
        }

        private const int O_RDONLY = 0;

        [DllImport("libc", SetLastError = true)]
        private static extern int open(string path, int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        private static extern int close(int fd);
    }
}
