using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace FundMail.Logging
{
    /// <summary>
    /// One log file per day under BASE_DIR/logs (fundmail_yyyy-MM-dd.log, local date), one line per event,
    /// appended and flushed at once so a killed run keeps everything it logged. Debug and verbose events are not written;
    /// errors carry their whole exception. A write that fails throws: wrap the log in <see cref="BestEffortLog"/> where
    /// logging must not stop the work.
    /// </summary>
    public sealed class DailyFileLog : ILog, IExceptionLog
    {
        private readonly string _directory;
        private readonly object _gate = new object();

        public DailyFileLog(string baseDir)
        {
            _directory = Path.Combine(baseDir, "logs");
        }

        public string PathFor(DateTimeOffset time) =>
            Path.Combine(_directory, "fundmail_" + time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".log");

        public void Write(LogLevel level, string message)
        {
            if (level == LogLevel.Debug || level == LogLevel.Verbose)
                return;
            Append(level, message);
        }

        /// <summary>The exception's type, message and stack go into the file, on the event's one line.</summary>
        public void WriteError(string message, Exception exception) => Append(LogLevel.Error, message + " | " + exception);

        private void Append(LogLevel level, string message)
        {
            var now = DateTimeOffset.Now;
            // One event, one line: multi-line messages (exception texts) are folded.
            var line = now.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture) + " " +
                       level.ToString().ToUpperInvariant().PadRight(7) + " " +
                       message.Replace("\r\n", " | ").Replace('\n', ' ').Replace('\r', ' ') + Environment.NewLine;
            lock (_gate)
            {
                Directory.CreateDirectory(_directory);
                using var stream = new FileStream(PathFor(now), FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                var bytes = new UTF8Encoding(false).GetBytes(line);
                stream.Write(bytes, 0, bytes.Length);
            }
        }
    }
}
