using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace FundMail.Bench.Cycle
{
    /// <summary>
    /// The files a cycle ships, as they lie in its BASE_DIR: each batch's DB (fm_*.db at the top) and the raw mails and
    /// attachments of the day folders (yyyy_MM_dd/). The ledger, checkpoint, status, outbox, logs and spool stay home.
    /// The server's copy must hold exactly these, by path and size, and nothing else (no temp files).
    /// </summary>
    internal static class ShippedFiles
    {
        private static readonly Regex DayFolder = new Regex(@"^\d{4}_\d{2}_\d{2}$");

        /// <summary>Relative path ('/'-separated) → size of every file a cycle with this BASE_DIR ships.</summary>
        public static SortedDictionary<string, long> In(string baseDir)
        {
            var shipped = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var db in new DirectoryInfo(baseDir).GetFiles("fm_*.db").Where(f => f.Extension == ".db"))
                shipped[db.Name] = db.Length;
            foreach (var day in new DirectoryInfo(baseDir).GetDirectories().Where(d => DayFolder.IsMatch(d.Name)))
                foreach (var (path, size) in Tree(day.FullName))
                    shipped[day.Name + "/" + path] = size;
            return shipped;
        }

        /// <summary>Relative path → size of every file below a folder (e.g. an upload target).</summary>
        public static SortedDictionary<string, long> Tree(string directory)
        {
            var tree = new SortedDictionary<string, long>(StringComparer.Ordinal);
            if (Directory.Exists(directory))
                foreach (var file in new DirectoryInfo(directory).GetFiles("*", SearchOption.AllDirectories))
                    tree[Path.GetRelativePath(directory, file.FullName).Replace(Path.DirectorySeparatorChar, '/')] = file.Length;
            return tree;
        }

        /// <summary>A copy of what the cycle shipped, in the same layout: the files a composed peer puts on the server.</summary>
        public static void CopyTo(string baseDir, string target)
        {
            foreach (var path in In(baseDir).Keys)
            {
                var destination = Path.Combine(target, path);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(Path.Combine(baseDir, path), destination);
            }
        }

        /// <summary>Throws unless the server's folder holds exactly the expected files; describes them otherwise.</summary>
        public static string Check(IReadOnlyDictionary<string, long> expected, string remoteDir)
        {
            var found = Tree(remoteDir);
            var missing = expected.Where(e => !found.TryGetValue(e.Key, out var size) || size != e.Value).Select(e => e.Key).ToList();
            var extra = found.Keys.Where(k => !expected.ContainsKey(k)).ToList();
            if (missing.Count > 0 || extra.Count > 0)
                throw new InvalidOperationException($"the server's {remoteDir} does not match what was shipped: {missing.Count} file(s) missing or of another size" +
                    $" ({string.Join(", ", missing.Take(3))}), {extra.Count} unexpected ({string.Join(", ", extra.Take(3))})");
            var dbs = found.Keys.Count(k => k.StartsWith("fm_", StringComparison.Ordinal) && k.EndsWith(".db", StringComparison.Ordinal));
            return $"{found.Count} files on the server ({dbs} DBs), {Report.Megabytes(found.Values.Sum())}";
        }
    }
}
