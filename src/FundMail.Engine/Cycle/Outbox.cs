using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FundMail.Util;

namespace FundMail.Cycle
{
    /// <summary>
    /// BASE_DIR/outbox: one marker per stored DB that has not reached the server yet. The DB itself says which
    /// files go with it, so the marker is empty. A marker goes only after the DB and all its files are uploaded.
    /// </summary>
    public sealed class Outbox
    {
        private const string Extension = ".pending";
        private readonly string _directory;

        public Outbox(string baseDir)
        {
            _directory = Path.Combine(baseDir, "outbox");
        }

        public void Queue(string dbPath)
        {
            Directory.CreateDirectory(_directory);
            var marker = MarkerFor(dbPath);
            if (File.Exists(marker))
                return;
            AtomicFile.WriteAllText(marker, dbPath + Environment.NewLine);
        }

        /// <summary>Queued DB paths, oldest first (fm_ names sort by time).</summary>
        public IReadOnlyList<string> Pending()
        {
            if (!Directory.Exists(_directory))
                return Array.Empty<string>();
            return Directory.GetFiles(_directory, "*" + Extension)
                .Select(m => File.ReadAllText(m).Trim())
                .Where(p => p.Length > 0)
                .OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal)
                .ToList();
        }

        public void Done(string dbPath)
        {
            File.Delete(MarkerFor(dbPath));
            Durability.FlushDirectory(_directory);
        }

        private string MarkerFor(string dbPath) => Path.Combine(_directory, Path.GetFileName(dbPath) + Extension);
    }
}
