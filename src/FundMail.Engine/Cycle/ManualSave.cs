using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Logging;
using FundMail.Mime;
using FundMail.Store;

namespace FundMail.Cycle
{
    /// <summary>
    /// A batch an admin saves by hand (Save-FundMailDb). It holds the run lock from its start until it is committed or
    /// rolled back, so a cycle that starts meanwhile leaves at once as "already running" instead of undoing the batch as
    /// a dead run's leftover; a cycle already running makes it wait briefly, then fail without writing anything.
    /// </summary>
    public sealed class ManualSave : IDisposable
    {
        /// <summary>Long enough for a cycle with little to do to end, short enough for someone at a prompt.</summary>
        public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);

        private readonly RunLock _lock;
        private readonly Ledger _ledger;
        private readonly StoreBatch _batch;
        private readonly DateTimeOffset _runTime = DateTimeOffset.Now;
        private bool _disposed;

        private ManualSave(RunLock runLock, StoreLayout layout)
        {
            _lock = runLock;
            try
            {
                // The ledger only keeps names the cycle shipped from being reused.
                _ledger = Ledger.Open(layout.BaseDir);
                _batch = StoreBatch.Begin(layout, _runTime, _ledger);
            }
            catch
            {
                _ledger?.Dispose();
                _lock.Dispose();
                throw;
            }
        }

        public static async Task<ManualSave> BeginAsync(StoreLayout layout, string holder, ILog log, CancellationToken ct)
        {
            var runLock = await RunLock.AcquireAsync(layout.BaseDir, holder, LockWait, log, ct).ConfigureAwait(false);
            return new ManualSave(runLock, layout);
        }

        public string DbPath => _batch.DbPath;

        public void Add(MailMessage mail) => _batch.Add(mail, _runTime);

        public IReadOnlyList<StoredFile> Commit()
        {
            try
            {
                // Not recorded in the ledger: a manual save must not make the scheduled cycle skip mail it never shipped.
                var stored = _batch.Commit();
                _batch.Complete();
                return stored.Files;
            }
            finally
            {
                Dispose();
            }
        }

        /// <summary>Rolls back a batch that was not committed, then lets cycles run again.</summary>
        public void Dispose()
        {
            if (_disposed)
                return;
            _disposed = true;
            try
            {
                _batch.Dispose();
                _ledger.Dispose();
            }
            finally
            {
                _lock.Dispose();
            }
        }
    }
}
