using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Sftp
{
    /// <summary>Atomic, verified uploads: a file appears under its final name complete or not at all.</summary>
    public interface ISftpUploader
    {
        Task<UploadedFile> UploadAsync(string localPath, string remotePath, CancellationToken ct);

        /// <summary>
        /// Uploads the files with many in flight at once; the last one (callers put the database last) reaches its final
        /// name only after every other file has reached its own. Results come in request order. The first failure stops
        /// the batch and is thrown; the last file's final name is then untouched, and no final name ever holds a partial file.
        /// </summary>
        Task<IReadOnlyList<UploadedFile>> UploadManyAsync(IReadOnlyList<UploadRequest> files, CancellationToken ct);

        /// <summary>The same, telling inPlace about each file as soon as it has its final name (called from any thread).</summary>
        Task<IReadOnlyList<UploadedFile>> UploadManyAsync(IReadOnlyList<UploadRequest> files, Action<UploadedFile> inPlace, CancellationToken ct);

        /// <summary>Removes our temp files (".name.fundmail-*.tmp") in the directory last written longer ago than olderThan.</summary>
        Task<int> SweepStaleTempFilesAsync(string remoteDirectory, TimeSpan olderThan, CancellationToken ct);
    }

    public sealed class UploadRequest
    {
        public UploadRequest(string localPath, string remotePath)
        {
            LocalPath = localPath;
            RemotePath = remotePath;
        }

        public string LocalPath { get; }
        public string RemotePath { get; }
    }

    public sealed class UploadedFile
    {
        public UploadedFile(string localPath, string remotePath, long bytes, string sha256, TimeSpan duration)
        {
            LocalPath = localPath;
            RemotePath = remotePath;
            Bytes = bytes;
            Sha256 = sha256;
            Duration = duration;
        }

        public string LocalPath { get; }
        public string RemotePath { get; }
        public long Bytes { get; }

        /// <summary>Lower-case hex SHA-256 of the bytes sent, computed while streaming.</summary>
        public string Sha256 { get; }

        public TimeSpan Duration { get; }
    }
}
