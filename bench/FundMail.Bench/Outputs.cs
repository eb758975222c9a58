using System;
using System.IO;
using System.Linq;

namespace FundMail.Bench
{
    /// <summary>Checks of what a contender left on disk, and clean slates for the next repetition.</summary>
    internal static class Outputs
    {
        public static void Empty(string directory)
        {
            Remove(directory);
            Directory.CreateDirectory(directory);
        }

        /// <summary>
        /// Moves the folder aside (a sibling ".old-*", deleted with the run's root at the end) instead of deleting it: ext4
        /// scans past inodes freed in the last ~30 s when it allocates new ones, so deleting thousands of files just before
        /// a contender runs charged it seconds of kernel time that no real run pays (measured on 2,000 small mails: ingest
        /// system CPU 2.4–3.5 s after a delete, 0.5–0.6 s without).
        /// </summary>
        public static void Remove(string directory)
        {
            if (Directory.Exists(directory))
                Directory.Move(directory, directory.TrimEnd('/') + ".old-" + Guid.NewGuid().ToString("N"));
        }

        public static string Count(FileInfo[] files, int expected, string what)
        {
            if (files.Length != expected)
                throw new InvalidOperationException($"expected {expected} {what}, found {files.Length}");
            return $"{files.Length} {what}, {Report.Megabytes(files.Sum(f => f.Length))}";
        }

        /// <summary>Every file below a folder (e.g. an upload target), checked for count and total size.</summary>
        public static string Tree(string directory, int expectedFiles, long expectedBytes, string what)
        {
            var files = Directory.Exists(directory) ? new DirectoryInfo(directory).GetFiles("*", SearchOption.AllDirectories) : Array.Empty<FileInfo>();
            var bytes = files.Sum(f => f.Length);
            if (files.Length != expectedFiles || bytes != expectedBytes)
                throw new InvalidOperationException($"expected {expectedFiles} {what} of {expectedBytes} bytes in {directory}, found {files.Length} of {bytes} bytes");
            return $"{files.Length} {what}, {Report.Megabytes(bytes)}";
        }

        /// <summary>One committed DB, one .eml per mail, nothing left in the scratch spool (FundMail's store layout).</summary>
        public static string Stored(string baseDir, int expected)
        {
            var dbs = Directory.GetFiles(baseDir, "fm_*.db");
            if (dbs.Length != 1)
                throw new InvalidOperationException($"expected one committed fm_*.db in {baseDir}, found {dbs.Length}");
            var stored = Directory.GetDirectories(baseDir).Where(d => Path.GetFileName(d) != ".spool")
                .SelectMany(d => new DirectoryInfo(d).GetFiles()).ToArray();
            var raw = stored.Where(f => f.Extension == ".eml").ToArray();
            Count(raw, expected, ".eml files");
            var spool = Path.Combine(baseDir, ".spool");
            var leftovers = Directory.Exists(spool) ? Directory.GetFiles(spool, "*", SearchOption.AllDirectories).Length : 0;
            if (leftovers > 0)
                throw new InvalidOperationException($"{leftovers} scratch files left in {spool}");
            return $"{raw.Length} .eml + {stored.Length - raw.Length} attachments, {Report.Megabytes(stored.Sum(f => f.Length))}";
        }
    }
}
