using System.IO;

namespace FundMail.Util
{
    /// <summary>
    /// Files of mail data (spooled messages, decoded parts) of <see cref="MinimumBytes"/> or more bypass the
    /// page cache where the platform and file system allow (<see cref="DirectIo"/>); smaller ones and every file
    /// elsewhere are ordinary FileStreams. Which way a file goes changes only the cost, never the bytes.
    /// </summary>
    internal static class UncachedFile
    {
        /// <summary>
        /// Below this a direct write or read, each a trip to the disk and back that the caller waits for, costs more than
        /// the cached copy; above it the cached copy's page allocations dominate. Writer and reader use the same rule, so
        /// a file written around the cache is read around it too.
        /// </summary>
        public const long MinimumBytes = 256 * 1024;

        /// <summary>A new file, never an existing one.</summary>
        /// <param name="expectedBytes">The file's size as far as known beforehand (its lower bound, if only that is known).</param>
        public static Stream CreateNew(string path, long expectedBytes)
        {
            var file = Create(path, expectedBytes);
            try
            {
                ScratchSpool.RestrictIfScratch(path); // mail in the scratch space: for this user's eyes only
            }
            catch
            {
                file.Dispose();
                throw;
            }
            return file;
        }

        private static Stream Create(string path, long expectedBytes)
        {
            if (expectedBytes >= MinimumBytes && DirectIo.IsSupported)
            {
                var fd = DirectIo.TryCreateNew(path);
                if (fd != null) return new DirectFileWriter(fd.Value, path);
                File.Delete(path); // the file system created it, then refused direct I/O on it
            }
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024);
        }

        public static Stream OpenRead(string path)
        {
            var length = new FileInfo(path).Length;
            if (length >= MinimumBytes && DirectIo.IsSupported)
            {
                var fd = DirectIo.TryOpenRead(path);
                if (fd != null) return new DirectFileReader(fd.Value, path, length, AlignedBuffer.Size);
            }
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }

        public static byte[] ReadAllBytes(string path)
        {
            using (var input = OpenRead(path))
            {
                var bytes = new byte[checked((int)input.Length)];
                var filled = 0;
                int read;
                while (filled < bytes.Length && (read = input.Read(bytes, filled, bytes.Length - filled)) > 0)
                    filled += read;
                if (filled != bytes.Length || input.ReadByte() != -1)
                    throw new IOException("'" + path + "' changed while it was read");
                return bytes;
            }
        }
    }
}
