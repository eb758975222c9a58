using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace FundMail.Store
{
    /// <summary>
    /// The crash record of a batch being written: its DB's final path first, then every file it places, one per
    /// line, written before the file is. If a run dies before the DB got its final name, recovery deletes what the
    /// journal lists; if the DB made it, the batch is complete and the journal just goes.
    /// Lines are flushed to the OS at once (a killed process loses nothing); an OS crash may lose the last
    /// lines, which leaves an unreferenced file behind, never a DB without its files.
    /// </summary>
    internal sealed class BatchJournal : IDisposable
    {
        private const string Extension = ".journal";
        private readonly StreamWriter _writer;

        private BatchJournal(string path, StreamWriter writer)
        {
            Path = path;
            _writer = writer;
        }

        public string Path { get; }

        public static BatchJournal Create(string spoolDir, string dbPath)
        {
            Directory.CreateDirectory(spoolDir);
            var path = System.IO.Path.Combine(spoolDir, System.IO.Path.GetFileName(dbPath) + Extension);
            var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            var journal = new BatchJournal(path, new StreamWriter(stream, new UTF8Encoding(false)));
            journal.Append(dbPath);
            return journal;
        }

        public void Append(string path)
        {
            _writer.WriteLine(path);
            _writer.Flush();
        }

        public void Dispose() => _writer.Dispose();

        /// <summary>Journals left by runs that died; each yields (journal path, DB path, files listed).</summary>
        public static IEnumerable<(string journal, string dbPath, IReadOnlyList<string> files)> Leftovers(string spoolDir)
        {
            if (!Directory.Exists(spoolDir))
                yield break;
            foreach (var journal in Directory.GetFiles(spoolDir, "*" + Extension))
            {
                var lines = new List<string>();
                foreach (var line in File.ReadAllLines(journal))
                    if (line.Length > 0)
                        lines.Add(line);
                if (lines.Count == 0)
                {
                    File.Delete(journal);
                    continue;
                }
                yield return (journal, lines[0], lines.GetRange(1, lines.Count - 1));
            }
        }
    }
}
