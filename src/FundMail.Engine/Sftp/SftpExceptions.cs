using FundMail.Ssh;

namespace FundMail.Sftp
{
    /// <summary>
    /// The server answered an SFTP request with an error status. Permission denied, a full disk (SFTP v3 reports it as
    /// a plain failure) and missing files are permanent; only the "no connection"/"connection lost" statuses are retryable.
    /// </summary>
    public sealed class SftpStatusException : SshException
    {
        public SftpStatusException(string operation, string path, uint status, string serverMessage)
            : base("SFTP " + operation + " '" + path + "' failed: " + SftpStatus.Name(status) +
                   (serverMessage.Length > 0 ? " (server: " + serverMessage + ")" : ""))
        {
            Operation = operation;
            Path = path;
            Status = status;
        }

        public string Operation { get; }
        public string Path { get; }
        public uint Status { get; }
        public override bool IsRetryable => Status == SftpStatus.NoConnection || Status == SftpStatus.ConnectionLost;
    }

    /// <summary>An upload did not verify (sizes differ, or the local file changed while it was read). A new attempt may succeed.</summary>
    public sealed class SftpVerificationException : SshException
    {
        public SftpVerificationException(string message) : base(message) { }

        public override bool IsRetryable => true;
    }
}
