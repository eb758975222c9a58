using System;
using System.Runtime.ExceptionServices;

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

    /// <summary>A log that keeps a failure's whole exception (type, message, stack) where the user is shown only the message.</summary>
    public interface IExceptionLog
    {
        void WriteError(string message, Exception exception);
    }

    public static class LogExtensions
    {
        public static void Debug(this ILog log, string message) => log.Write(LogLevel.Debug, message);
        public static void Verbose(this ILog log, string message) => log.Write(LogLevel.Verbose, message);
        public static void Info(this ILog log, string message) => log.Write(LogLevel.Info, message);
        public static void Warning(this ILog log, string message) => log.Write(LogLevel.Warning, message);
        public static void Error(this ILog log, string message) => log.Write(LogLevel.Error, message);

        /// <summary>The message for everyone; the exception in full only for logs that keep it (the daily file).</summary>
        public static void Error(this ILog log, string message, Exception exception)
        {
            if (log is IExceptionLog detailed)
                detailed.WriteError(message, exception);
            else
                log.Write(LogLevel.Error, message);
        }
    }

    /// <summary>Drops everything (for callers that want no diagnostics).</summary>
    public sealed class NullLog : ILog
    {
        public static NullLog Instance { get; } = new NullLog();

        public void Write(LogLevel level, string message) { }
    }

    /// <summary>Sends each event to several logs; one that throws does not keep the event from the others (its failure is thrown after).</summary>
    public sealed class TeeLog : ILog, IExceptionLog
    {
        private readonly ILog[] _logs;

        public TeeLog(params ILog[] logs)
        {
            _logs = logs ?? throw new ArgumentNullException(nameof(logs));
        }

        public void Write(LogLevel level, string message) => Each(log => log.Write(level, message));

        public void WriteError(string message, Exception exception) => Each(log => log.Error(message, exception));

        private void Each(Action<ILog> write)
        {
            Exception? failure = null;
            foreach (var log in _logs)
            {
                try
                {
                    write(log);
                }
                catch (Exception e)
                {
                    failure ??= e;
                }
            }
            if (failure != null)
                ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
