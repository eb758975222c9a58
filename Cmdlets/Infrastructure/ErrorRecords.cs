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
        public static ErrorRecord From(Exception e, object? target) => e switch
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
            StoreException _ => new ErrorRecord(e, "FundMailStoreFailed", ErrorCategory.WriteError, target),
            FormatException _ => new ErrorRecord(e, "FundMailBadArgument", ErrorCategory.InvalidArgument, target),
            FileNotFoundException _ => new ErrorRecord(e, "FundMailFileNotFound", ErrorCategory.ObjectNotFound, target),
            IOException _ => new ErrorRecord(e, "FundMailIoFailed", ErrorCategory.WriteError, target),
            UnauthorizedAccessException _ => new ErrorRecord(e, "FundMailAccessDenied", ErrorCategory.PermissionDenied, target),
            OperationCanceledException _ => new ErrorRecord(e, "FundMailCancelled", ErrorCategory.OperationStopped, target),
            _ => new ErrorRecord(e, "FundMailFailed", ErrorCategory.NotSpecified, target),
        };
    }
}
