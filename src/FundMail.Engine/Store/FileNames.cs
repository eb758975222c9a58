using System;
using System.Collections.Generic;
using System.IO;

namespace FundMail.Store
{
    /// <summary>
    /// Chooses unique file names per folder: a name is taken when a file has it on disk, when this batch already
    /// used it, or when the caller says it was used before (the ledger remembers names of files shipped and
    /// perhaps deleted locally since, so a server copy is never overwritten by a different file).
    /// Comparison ignores case, as Windows does.
    /// </summary>
    internal sealed class FileNames
    {
        private readonly Func<string, string, bool> _usedBefore;
        private readonly Dictionary<string, HashSet<string>> _taken = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        public FileNames(Func<string, string, bool> usedBefore)
        {
            _usedBefore = usedBefore;
        }

        /// <param name="folder">Absolute folder path.</param>
        /// <param name="folderKey">The folder as recorded (relative, e.g. 2026_11_21).</param>
        public string Reserve(string folder, string folderKey, string safeName)
        {
            if (!_taken.TryGetValue(folder, out var names))
            {
                names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                if (Directory.Exists(folder))
                    foreach (var file in Directory.EnumerateFiles(folder))
                        names.Add(Path.GetFileName(file));
                _taken[folder] = names;
            }
            for (var n = 1; ; n++)
            {
                var candidate = SafeFileName.Numbered(safeName, n);
                if (!names.Contains(candidate) && !_usedBefore(folderKey, candidate))
                {
                    names.Add(candidate);
                    return candidate;
                }
            }
        }
    }
}
