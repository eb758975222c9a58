using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Sftp;

namespace FundMail.Cycle
{
    /// <summary>
    /// Uploads files an admin chose (`fundmail send`, Send-FundMailSftp), each atomically and many at once on one session,
    /// as the cycle ships its batches. The .db files go only after every other file is in place, so the server never
    /// holds a DB before the files it names. Each file is reported as soon as it has its final name.
    /// </summary>
    public static class FileSender
    {
        public static async Task SendAsync(SftpSettings sftp, IReadOnlyList<ShipItem> items, Action<UploadedFile> inPlace, CancellationToken ct)
        {
            using var session = await SftpClient.ConnectAsync(sftp.Connect, ct).ConfigureAwait(false);
            var requests = items.Select(i => new UploadRequest(i.LocalPath, sftp.RemotePath(i.RelativeRemotePath))).ToList();
            await SendAsync(new SftpUploader(session), requests, inPlace, ct).ConfigureAwait(false);
        }

        /// <summary>The first failure stops the upload and is thrown; files already reported are in place, no DB after it.</summary>
        public static async Task SendAsync(ISftpUploader uploader, IReadOnlyList<UploadRequest> files, Action<UploadedFile> inPlace, CancellationToken ct)
        {
            await uploader.UploadManyAsync(files.Where(f => !IsDb(f)).ToList(), inPlace, ct).ConfigureAwait(false);
            await uploader.UploadManyAsync(files.Where(IsDb).ToList(), inPlace, ct).ConfigureAwait(false);
        }

        private static bool IsDb(UploadRequest file) => file.LocalPath.EndsWith(".db", StringComparison.OrdinalIgnoreCase);
    }
}
