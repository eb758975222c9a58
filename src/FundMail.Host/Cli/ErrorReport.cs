using System;
using System.IO;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Imap;
using FundMail.Ssh;
using FundMail.Store;

namespace FundMail.Host.Cli
{
    /// <summary>Maps what went wrong to an exit code and a message for the operator (never a stack trace, never a secret).</summary>
    internal static class ErrorReport
    {
        public static (int code, string message) Describe(Exception e) => e switch
        {
            ConfigException _ => (ExitCodes.Config, e.Message),
            AlreadyRunningException _ => (ExitCodes.AlreadyRunning, e.Message),
            TokenException t => (t.IsTransient ? ExitCodes.Unreachable : ExitCodes.Auth, e.Message),
            ImapAuthenticationException _ => (ExitCodes.Auth, e.Message),
            ImapThrottledException _ => (ExitCodes.Throttled, e.Message),
            ImapConnectionException _ => (ExitCodes.Unreachable, e.Message),
            ImapTimeoutException _ => (ExitCodes.Unreachable, e.Message),
            ImapTlsException _ => (ExitCodes.Unreachable, e.Message),
            ImapException _ => (ExitCodes.Failure, e.Message),
            StoreException _ => (ExitCodes.Failure, e.Message),
            SshException s when s.IsRetryable => (ExitCodes.Unreachable, e.Message),
            SshException _ => (ExitCodes.Failure, e.Message),
            FormatException _ => (ExitCodes.Usage, e.Message),
            OperationCanceledException _ => (ExitCodes.Failure, "cancelled"),
            IOException _ => (ExitCodes.Failure, e.Message),
            UnauthorizedAccessException _ => (ExitCodes.Failure, e.Message),
            _ => (ExitCodes.Failure, e.GetType().Name + ": " + e.Message),
        };
    }
}
