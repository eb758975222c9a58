using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
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

        /// <summary>A DB was queued (by this instance): the shipping lane starts on it while capture goes on.</summary>
        public event Action<string>? Queued;

        public void Queue(string dbPath)
        {
            Directory.CreateDirectory(_directory);
            var marker = MarkerFor(dbPath);
            if (!File.Exists(marker))
                AtomicFile.WriteAllText(marker, dbPath + Environment.NewLine);
            Queued?.Invoke(dbPath);
        }

        /// <summary>Queued DB paths, oldest first (fm_ names sort by time, then by their _n suffix as a number: _2 before _10).</summary>
        public IReadOnlyList<string> Pending()
        {
            if (!Directory.Exists(_directory))
                return Array.Empty<string>();
            return Directory.GetFiles(_directory, "*" + Extension)
                .Select(m => File.ReadAllText(m).Trim())
                .Where(p => p.Length > 0)
                .OrderBy(p => StoredOrder(Path.GetFileName(p)).stem, StringComparer.Ordinal)
                .ThenBy(p => StoredOrder(Path.GetFileName(p)).n)
                .ThenBy(p => Path.GetFileName(p), StringComparer.Ordinal)
                .ToList();
        }

        public void Done(string dbPath)
        {
            File.Delete(MarkerFor(dbPath));
            Durability.FlushDirectory(_directory);
        }

        /// <summary>Many batches of one run can fall in the same minute: fm_…_HHMM.db, then _2, _3, … _10.</summary>
        private static (string stem, int n) StoredOrder(string name)
        {
            var match = NumberedName.Match(name);
            return match.Success ? (match.Groups[1].Value, match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 1) : (name, 0);
        }

        private static readonly Regex NumberedName = new Regex(@"^(fm_\d{4}_\d{2}_\d{2}_\d{4})(?:_(\d{1,9}))?\.db$", RegexOptions.CultureInvariant);

        private string MarkerFor(string dbPath) => Path.Combine(_directory, Path.GetFileName(dbPath) + Extension);
    }
}
