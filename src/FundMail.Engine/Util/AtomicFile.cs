using System;
using System.IO;
using System.Text;

namespace FundMail.Util
{
    /// <summary>
    /// Writes a file so that, after a crash at any instant, the final name holds either the old content
    /// or the complete new content: write a temp file beside it, flush to disk, rename over the target.
    /// </summary>
    public static class AtomicFile
    {
        public static void WriteAllText(string path, string contents)
        {
            Write(path, stream =>
            {
                var bytes = new UTF8Encoding(false).GetBytes(contents);
                stream.Write(bytes, 0, bytes.Length);
            });
        }

        public static void Write(string path, Action<FileStream> writeContents)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            var temp = TempNameFor(path);
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    writeContents(stream);
                    stream.Flush(true);
                }
                Replace(temp, path);
                Durability.FlushDirectory(directory);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        /// <summary>Moves a finished, flushed file onto its final name, replacing what is there.</summary>
        public static void Replace(string source, string destination)
        {
            if (File.Exists(destination))
                File.Replace(source, destination, null, true);
            else
                File.Move(source, destination);
        }

        /// <summary>A unique temp name in the same folder (so the rename never crosses file systems).</summary>
        public static string TempNameFor(string path)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            return Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
