using System;

namespace FundMail.Logging
{
    public enum LogLevel
    {
        /// <summary>Per-message and protocol detail (the IMAP transcript): only on request, never in the daily log.</summary>
        Debug,
        /// <summary>One line per phase or batch.</summary>
        Verbose,
        Info,
        Warning,
        Error,
    }

    /// <summary>
    /// Where the engine reports what it does. Hosts route it: the console to stderr, cmdlets to
    /// WriteDebug/WriteVerbose/WriteWarning, scheduled runs also to the daily log file. Messages never carry secrets.
    /// </summary>
    public interface ILog
    {
        void Write(LogLevel level, string message);
    }

    public static class LogExtensions
    {
        public static void Debug(this ILog log, string message) => log.Write(LogLevel.Debug, message);
        public static void Verbose(this ILog log, string message) => log.Write(LogLevel.Verbose, message);
        public static void Info(this ILog log, string message) => log.Write(LogLevel.Info, message);
        public static void Warning(this ILog log, string message) => log.Write(LogLevel.Warning, message);
        public static void Error(this ILog log, string message) => log.Write(LogLevel.Error, message);
    }

    /// <summary>Drops everything (for callers that want no diagnostics).</summary>
    public sealed class NullLog : ILog
    {
        public static NullLog Instance { get; } = new NullLog();

        public void Write(LogLevel level, string message) { }
    }

    /// <summary>Sends each event to several logs.</summary>
    public sealed class TeeLog : ILog
    {
        private readonly ILog[] _logs;

        public TeeLog(params ILog[] logs)
        {
            _logs = logs ?? throw new ArgumentNullException(nameof(logs));
        }

        public void Write(LogLevel level, string message)
        {
            foreach (var log in _logs)
                log.Write(level, message);
        }
    }
}
