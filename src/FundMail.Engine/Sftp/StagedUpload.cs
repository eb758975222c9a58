using System.Diagnostics;

namespace FundMail.Sftp
{
    /// <summary>A file written, verified and closed on the server under its temp name, not yet moved onto its final name.</summary>
    internal sealed class StagedUpload
    {
        public StagedUpload(string localPath, string remotePath, string tempPath, long bytes, string sha256, Stopwatch clock)
        {
            LocalPath = localPath;
            RemotePath = remotePath;
            TempPath = tempPath;
            Bytes = bytes;
            Sha256 = sha256;
            Clock = clock;
        }

        public string LocalPath { get; }
        public string RemotePath { get; }
        public string TempPath { get; }
        public long Bytes { get; }
        public string Sha256 { get; }

        /// <summary>Started when the file's upload began; read again when it is in place.</summary>
        public Stopwatch Clock { get; }
    }
}
