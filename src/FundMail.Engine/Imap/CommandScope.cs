using System;
using System.Threading;

namespace FundMail.Imap
{
    /// <summary>
    /// Timeout and cancellation for one command. The timeout is an idle limit, restarted on every network read,
    /// so a large download is never cut while data still flows. On expiry or cancellation the socket is closed,
    /// which also stops reads on runtimes that ignore cancellation tokens on streams.
    /// </summary>
    internal sealed class CommandScope : IDisposable
    {
        private readonly CancellationToken _caller;
        private readonly TimeSpan _idleTimeout;
        private readonly CancellationTokenSource _source;
        private readonly CancellationTokenRegistration _abort;
        private bool _disposed;

        public CommandScope(CancellationToken caller, TimeSpan idleTimeout, Action abort)
        {
            _caller = caller;
            _idleTimeout = idleTimeout;
            _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
            _source.CancelAfter(idleTimeout);
            _abort = _source.Token.Register(abort);
        }

        public CancellationToken Token => _source.Token;

        public bool IsCancelled => _source.IsCancellationRequested;

        public void Touch()
        {
            if (!_disposed && !_source.IsCancellationRequested)
                _source.CancelAfter(_idleTimeout);
        }

        /// <summary>The exception to surface once <see cref="IsCancelled"/>: the caller's cancellation, or a timeout that names the step.</summary>
        public Exception Failure(string step)
        {
            if (_caller.IsCancellationRequested)
                return new OperationCanceledException(step + " was cancelled", _caller);
            return new ImapTimeoutException("no answer from the server for " + _idleTimeout.TotalSeconds + " s during " + step + "; the connection was closed");
        }

        public void Dispose()
        {
            _disposed = true;
            _abort.Dispose();
            _source.Dispose();
        }
    }
}
