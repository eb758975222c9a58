using System;
using System.Globalization;
using System.IO;

namespace FundMail.Store
{
    /// <summary>
    /// Where stored things live: DB files in BASE_DIR, attachments and raw messages under
    /// ATTACH_BASE_DIR/yyyy_mm_dd/ (by received date, local time).
    /// </summary>
    public sealed class StoreLayout
    {
        public StoreLayout(string baseDir, string? attachBaseDir = null)
        {
            BaseDir = Path.GetFullPath(baseDir);
            AttachBaseDir = Path.GetFullPath(attachBaseDir ?? baseDir);
        }

        public string BaseDir { get; }
        public string AttachBaseDir { get; }

        /// <summary>Scratch space on the same volume, so finished files move into place by rename.</summary>
        public string SpoolDir => Path.Combine(BaseDir, ".spool");

        public static string DayFolder(DateTimeOffset received) =>
            received.ToLocalTime().ToString("yyyy_MM_dd", CultureInfo.InvariantCulture);

        /// <summary>fm_yyyy_mm_dd_HHMM.db for the run's local time; a later run in the same minute gets _2, _3, ...</summary>
        public string NewDbPath(DateTimeOffset runTime, Func<string, bool> usedBefore)
        {
            var stem = "fm_" + runTime.ToLocalTime().ToString("yyyy_MM_dd_HHmm", CultureInfo.InvariantCulture);
            for (var n = 1; ; n++)
            {
                var path = Path.Combine(BaseDir, n == 1 ? stem + ".db" : stem + "_" + n + ".db");
                if (!File.Exists(path) && !usedBefore(Path.GetFileName(path)))
                    return path;
            }
        }
    }
}
