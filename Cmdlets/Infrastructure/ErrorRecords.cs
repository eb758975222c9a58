using System;
using System.IO;
using System.Management.Automation;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Imap;
using FundMail.Ssh;
using FundMail.Store;

namespace FundMail.PowerShell.Infrastructure
{
    /// <summary>
    /// Engine failures as ErrorRecords with a stable error id and a category a scheduled run or a script can test
    /// ($_.FullyQualifiedErrorId, $_.CategoryInfo.Category). Messages come from the engine and never hold secrets.
    /// </summary>
    internal static class ErrorRecords
    {
        /// <param name="access">What the command does with local files: a failed read is a ReadError, a failed write a WriteError.</param>
        public static ErrorRecord From(Exception e, object? target, FileAccess access = FileAccess.Write) => e switch
        {
            ConfigException _ => new ErrorRecord(e, "FundMailConfigInvalid", ErrorCategory.InvalidArgument, target),
            AlreadyRunningException _ => new ErrorRecord(e, "FundMailAlreadyRunning", ErrorCategory.ResourceBusy, target),
            TokenException t when t.IsTransient => new ErrorRecord(e, "FundMailTokenUnavailable", ErrorCategory.ConnectionError, target),
            TokenException _ => new ErrorRecord(e, "FundMailTokenRefused", ErrorCategory.AuthenticationError, target),
            ImapAuthenticationException _ => new ErrorRecord(e, "FundMailImapAuthFailed", ErrorCategory.AuthenticationError, target),
            ImapThrottledException _ => new ErrorRecord(e, "FundMailThrottled", ErrorCategory.LimitsExceeded, target),
            ImapTlsException _ => new ErrorRecord(e, "FundMailImapCertificate", ErrorCategory.SecurityError, target),
            ImapException _ => new ErrorRecord(e, "FundMailImapFailed", ErrorCategory.ConnectionError, target),
            SshException s when s.IsRetryable => new ErrorRecord(e, "FundMailSftpUnavailable", ErrorCategory.ConnectionError, target),
            SshException _ => new ErrorRecord(e, "FundMailSftpRefused", ErrorCategory.PermissionDenied, target),
            NotAMailDbException _ => new ErrorRecord(e, "FundMailNotAMailDb", ErrorCategory.InvalidData, target),
            StoreException _ => new ErrorRecord(e, "FundMailStoreFailed", ErrorCategory.WriteError, target),
            InvalidDataException _ => new ErrorRecord(e, "FundMailInvalidData", ErrorCategory.InvalidData, target),
            FormatException _ => new ErrorRecord(e, "FundMailBadArgument", ErrorCategory.InvalidArgument, target),
            FileNotFoundException _ => new ErrorRecord(e, "FundMailFileNotFound", ErrorCategory.ObjectNotFound, target),
            DirectoryNotFoundException _ => new ErrorRecord(e, "FundMailFileNotFound", ErrorCategory.ObjectNotFound, target),
            IOException _ => new ErrorRecord(e, "FundMailIoFailed", access == FileAccess.Read ? ErrorCategory.ReadError : ErrorCategory.WriteError, target),
            UnauthorizedAccessException _ => new ErrorRecord(e, "FundMailAccessDenied", ErrorCategory.PermissionDenied, target),
            OperationCanceledException _ => new ErrorRecord(e, "FundMailCancelled", ErrorCategory.OperationStopped, target),
            _ => new ErrorRecord(e, "FundMailFailed", ErrorCategory.NotSpecified, target),
        };
    }
}
