using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Logging;
using FundMail.Store;

namespace FundMail.Cycle
{
    /// <summary>
    /// Ships while capture goes on: each batch capture queues is uploaded (its files, then its DB) while the next batch is
    /// fetched, so a cycle takes about as long as the slower of the two rather than their sum. Batches queued by earlier
    /// runs go first. A server failure ends this run's shipping; what is left stays queued for the next run.
    /// </summary>
    internal sealed class ShippingLane
    {
        private readonly Outbox _outbox;
        private readonly Shipper _shipper;
        private readonly Ledger _ledger;
        private readonly SemaphoreSlim _queued = new SemaphoreSlim(0);
        private readonly HashSet<string> _unreadable = new HashSet<string>(StringComparer.Ordinal);
        private readonly Stopwatch _busy = new Stopwatch();
        private readonly Task _shipping;
        private volatile bool _captureEnded;

        private ShippingLane(Outbox outbox, string baseDir, SftpSettings sftp, StoreLayout layout, CycleReport report, ILog log, CancellationToken ct)
        {
            _outbox = outbox;
            // Its own ledger connection: capture uses the other one on its own threads meanwhile (SQLite WAL lets both write).
            _ledger = Ledger.Open(baseDir);
            _shipper = new Shipper(outbox, _ledger, sftp, layout, report, log);
            _outbox.Queued += BatchQueued;
            _shipping = Task.Run(() => ShipUntilDoneAsync(ct));
        }

        public static ShippingLane Start(Outbox outbox, CycleSettings settings, CycleReport report, ILog log, CancellationToken ct) =>
            new ShippingLane(outbox, settings.Store.Layout.BaseDir, settings.Sftp, settings.Store.Layout, report, log, ct);

        /// <summary>Seconds spent shipping (connecting and uploading), overlapping capture.</summary>
        public double BusySeconds => _busy.Elapsed.TotalSeconds;

        /// <summary>Capture has ended: ships what is still queued and returns once the queue is empty or the server failed.</summary>
        public async Task FinishAsync()
        {
            _captureEnded = true;
            _queued.Release();
            try
            {
                await _shipping.ConfigureAwait(false);
            }
            finally
            {
                _outbox.Queued -= BatchQueued;
                _shipper.Dispose();
                _ledger.Dispose();
            }
        }

        private void BatchQueued(string dbPath) => _queued.Release();

        private async Task ShipUntilDoneAsync(CancellationToken ct)
        {
            while (true)
            {
                // Read before listing: a batch queued after this read is listed in the next round, which then still comes.
                var last = _captureEnded;
                foreach (var db in _outbox.Pending())
                {
                    if (_unreadable.Contains(db))
                        continue;
                    _busy.Start();
                    var outcome = await _shipper.ShipAsync(db, besideCapture: !_captureEnded, ct).ConfigureAwait(false);
                    _busy.Stop();
                    if (outcome == ShipOutcome.ServerFailure)
                        return;
                    if (outcome == ShipOutcome.LocalFailure)
                        _unreadable.Add(db);
                }
                if (last)
                    return;
                await _queued.WaitAsync(ct).ConfigureAwait(false);
            }
        }
    }
}
