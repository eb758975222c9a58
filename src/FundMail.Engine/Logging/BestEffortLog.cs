using System;
using System.Threading;

namespace FundMail.Logging
{
    /// <summary>
    /// Logging never stops a run: a write that throws (a read-only log folder, a full disk) is reported once, as a warning
    /// through whatever part of the log still works, and kept in <see cref="Failure"/>; later failures are dropped quietly.
    /// </summary>
    public sealed class BestEffortLog : ILog, IExceptionLog
    {
        private readonly ILog _inner;
        private string? _failure;

        public BestEffortLog(ILog inner)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        }

        /// <summary>What went wrong the first time the log could not be written, for the run's report; null while all is well.</summary>
        public string? Failure => Volatile.Read(ref _failure);

        public void Write(LogLevel level, string message) => Guard(() => _inner.Write(level, message));

        public void WriteError(string message, Exception exception) => Guard(() => _inner.Error(message, exception));

        private void Guard(Action write)
        {
            try
            {
                write();
            }
            catch (Exception e)
            {
                var failure = "logging failed (" + e.GetType().Name + ": " + e.Message + "); the run goes on, but some events are not logged";
                if (Interlocked.CompareExchange(ref _failure, failure, null) != null)
                    return;
                try
                {
                    _inner.Write(LogLevel.Warning, failure);
                }
                catch (Exception)
                {
                    // The sink that failed fails again; the others have the warning.
                }
            }
        }
    }
}
