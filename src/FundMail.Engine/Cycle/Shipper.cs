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
    /// Uploads queued batches, oldest first, each as its files then its DB; a batch leaves the outbox only when all of
    /// it is on the server. A server that is down or refuses leaves the rest queued for the next run. Each batch goes up
    /// pipelined (many files in flight, the DB renamed last); the one uploader of the run checks each remote folder and
    /// sweeps stale temp files of ours (from killed uploads) out of it once, not once per batch.
    /// </summary>
    internal static class Shipper
    {
        /// <returns>False when the server could not take everything (the rest stays queued).</returns>
        public static async Task<bool> ShipAsync(Outbox outbox, Ledger ledger, SftpSettings sftp, StoreLayout layout, CycleReport report, ILog log, CancellationToken ct)
        {
            var pending = outbox.Pending();
            if (pending.Count == 0)
                return true;
            ISftpSession session;
            try
            {
                session = await SftpClient.ConnectAsync(sftp.Connect, ct).ConfigureAwait(false);
            }
            catch (SshException e)
            {
                Fail(report, log, "SFTP " + sftp.Connect.Host + ":" + sftp.Connect.Port + " not usable, " + pending.Count + " batch(es) stay queued: " + e.Message);
                return false;
            }
            using (session)
            {
                report.SftpDurability = ServerDurability.Of(session, sftp.Connect.Host + ":" + sftp.Connect.Port);
                if (report.SftpDurability != ServerDurability.Full)
                    log.Warning("SFTP durability " + report.SftpDurability + "; uploads go on without it");
                var uploader = new SftpUploader(session);
                foreach (var db in pending)
                {
                    IReadOnlyList<UploadRequest> requests;
                    try
                    {
                        requests = ShipList.For(db, layout).Select(i => new UploadRequest(i.LocalPath, sftp.RemotePath(i.RelativeRemotePath))).ToList();
                    }
                    catch (Exception e) when (e is IOException || e is Microsoft.Data.Sqlite.SqliteException)
                    {
                        Fail(report, log, "queued batch " + db + " cannot be read (" + e.Message + "); it stays queued until it is restored");
                        continue;
                    }
                    try
                    {
                        var uploaded = await uploader.UploadManyAsync(requests, ct).ConfigureAwait(false);
                        report.Uploaded.AddRange(uploaded);
                        ledger.MarkShipped(db);
                        outbox.Done(db);
                        log.Info("uploaded " + Path.GetFileName(db) + " with " + (uploaded.Count - 1) + " file(s)");
                    }
                    catch (SshException e)
                    {
                        Fail(report, log, "upload of " + Path.GetFileName(db) + " failed" + (e.IsRetryable ? " (will retry next run)" : "") + ": " + e.Message);
                        return false;
                    }
                    catch (IOException e)
                    {
                        Fail(report, log, "queued batch " + Path.GetFileName(db) + " cannot be read locally (" + e.Message + "); it stays queued until it is restored");
                    }
                }
            }
            return true;
        }

        // Mail is safe locally, but a run that could not ship is not a success: status and exit code must say so.
        private static void Fail(CycleReport report, ILog log, string message)
        {
            report.UploadError ??= message;
            log.Error(message);
        }
    }
}
