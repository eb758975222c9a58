using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Logging;
using FundMail.Sftp;
using FundMail.Ssh;
using FundMail.Store;

namespace FundMail.Cycle
{
    /// <summary>
    /// Uploads one queued batch at a time over one SFTP session, opened at the first batch: its files, then its DB; the batch
    /// leaves the outbox only when all of it is on the server. Each batch goes up pipelined (many files in flight, the DB
    /// renamed last); the one uploader checks each remote folder and sweeps stale temp files of ours (from killed uploads)
    /// out of it once, not once per batch.
    /// </summary>
    internal sealed class Shipper : IDisposable
    {
        /// <summary>
        /// Each file in flight holds a write batch (then ~256 KiB): at the uploader's 64 alongside capture, a cycle over 2,000 mails
        /// peaked at 153–164 MB RSS (the budget is 150 MB); a batch of 50 mails has few more files than this anyway. A server
        /// close by gets no more than the uploader's own choice for it.
        /// </summary>
        private const int FilesInFlightBesideCapture = 16;

        private readonly Outbox _outbox;
        private readonly Ledger _ledger;
        private readonly SftpSettings _sftp;
        private readonly StoreLayout _layout;
        private readonly CycleReport _report;
        private readonly ILog _log;
        private ISftpSession? _session;
        private SftpUploader? _uploader;

        public Shipper(Outbox outbox, Ledger ledger, SftpSettings sftp, StoreLayout layout, CycleReport report, ILog log)
        {
            _outbox = outbox;
            _ledger = ledger;
            _sftp = sftp;
            _layout = layout;
            _report = report;
            _log = log;
        }

        /// <returns>
        /// Shipped when the batch is on the server; LocalFailure when it cannot be read here (it stays queued until restored);
        /// ServerFailure when the server could not take it: nothing more goes this run, the rest stays queued.
        /// </returns>
        /// <param name="besideCapture">Capture is running alongside: fewer files go up at once, so the two stay within the memory budget.</param>
        public async Task<ShipOutcome> ShipAsync(string db, bool besideCapture, CancellationToken ct)
        {
            IReadOnlyList<UploadRequest> requests;
            try
            {
                requests = ShipList.For(db, _layout).Select(i => new UploadRequest(i.LocalPath, _sftp.RemotePath(i.RelativeRemotePath))).ToList();
            }
            catch (Exception e) when (e is IOException || e is Microsoft.Data.Sqlite.SqliteException)
            {
                Fail("queued batch " + db + " cannot be read (" + e.Message + "); it stays queued until it is restored");
                return ShipOutcome.LocalFailure;
            }
            try
            {
                var uploader = _uploader ??= await ConnectAsync(ct).ConfigureAwait(false);
                uploader.FilesInFlight = besideCapture ? Math.Min(FilesInFlightBesideCapture, uploader.FilesInFlightForLink) : uploader.FilesInFlightForLink;
                var uploaded = await uploader.UploadManyAsync(requests, ct).ConfigureAwait(false);
                _report.Uploaded.AddRange(uploaded);
                _ledger.MarkShipped(db);
                _outbox.Done(db);
                _log.Info("uploaded " + Path.GetFileName(db) + " with " + (uploaded.Count - 1) + " file(s)");
                return ShipOutcome.Shipped;
            }
            catch (SshException e) when (_session == null)
            {
                Fail("SFTP " + _sftp.Connect.Host + ":" + _sftp.Connect.Port + " not usable, queued batches stay queued: " + e.Message);
                return ShipOutcome.ServerFailure;
            }
            catch (SshException e)
            {
                Fail("upload of " + Path.GetFileName(db) + " failed" + (e.IsRetryable ? " (will retry next run)" : "") + ": " + e.Message);
                return ShipOutcome.ServerFailure;
            }
            catch (IOException e)
            {
                Fail("queued batch " + Path.GetFileName(db) + " cannot be read locally (" + e.Message + "); it stays queued until it is restored");
                return ShipOutcome.LocalFailure;
            }
        }

        public void Dispose() => _session?.Dispose();

        private async Task<SftpUploader> ConnectAsync(CancellationToken ct)
        {
            _session = await SftpClient.ConnectAsync(_sftp.Connect, ct).ConfigureAwait(false);
            _report.SftpDurability = ServerDurability.Of(_session, _sftp.Connect.Host + ":" + _sftp.Connect.Port);
            if (_report.SftpDurability != ServerDurability.Full)
                _log.Warning("SFTP durability " + _report.SftpDurability + "; uploads go on without it");
            return new SftpUploader(_session);
        }

        // Mail is safe locally, but a run that could not ship is not a success: status and exit code must say so.
        private void Fail(string message)
        {
            _report.UploadError ??= message;
            _log.Error(message);
        }
    }

    internal enum ShipOutcome
    {
        Shipped,
        LocalFailure,
        ServerFailure,
    }
}
