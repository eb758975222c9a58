using System;
using System.Management.Automation;
using FundMail.Diagnostics;
using FundMail.PowerShell.Infrastructure;

namespace FundMail.PowerShell
{
    /// <summary>
    /// Checks each leg a scheduled run depends on (config; token, IMAP connect, IMAP auth, mailbox; SFTP host key, SFTP auth,
    /// remote directory writable) and reports each as passed or failed, with the step that fixes a failure.
    /// Changes nothing but a probe file it uploads to the remote directory and removes.
    /// </summary>
    /// <output type="FundMail.ConnectionCheck">One leg checked: its name, Passed, Failed or Skipped (an earlier leg failed), the detail, and the step that fixes a failure.</output>
    /// <output type="System.Boolean">With -Quiet: $true when every leg passed, else $false.</output>
    /// <example>Test-FundMailConnection -EnvFile C:\fund_mail\.env</example>
    /// <example>Test-FundMailConnection | Where-Object Outcome -ne Passed | Format-List Leg, Detail, Fix</example>
    /// <example>if (-not (Test-FundMailConnection -Quiet)) { exit 1 }</example>
    [Cmdlet(VerbsDiagnostic.Test, "FundMailConnection")]
    [OutputType(DomainObjects.ConnectionCheck)]
    [OutputType(typeof(bool))]
    public sealed class TestFundMailConnectionCommand : FundMailCmdlet
    {
        /// <summary>Returns only $true when every leg passed, else $false; no leg objects, no errors.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void EndProcessing()
        {
            var allPassed = false;
            Run(async (pump, ct) =>
            {
                allPassed = await ConnectionCheck.RunAsync(LoadConfig, new CmdletLog(this, pump), result =>
                {
                    if (!Quiet)
                        pump.Post(() => Report(result));
                }, ct).ConfigureAwait(false);
            });
            if (Quiet)
                WriteObject(allPassed);
        }

        /// <summary>The leg as output and, when it failed, as a non-terminating error too, so $? tells a script.</summary>
        private void Report(CheckResult result)
        {
            WriteObject(DomainObjects.Of(result));
            if (result.Outcome != CheckOutcome.Failed)
                return;
            var record = new ErrorRecord(new InvalidOperationException(result.Leg + " failed: " + result.Detail),
                "FundMailConnectionLegFailed", CategoryOf(result.Leg), result);
            if (result.Fix != null)
                record.ErrorDetails = new ErrorDetails(record.Exception.Message) { RecommendedAction = result.Fix };
            WriteError(record);
        }

        private static ErrorCategory CategoryOf(string leg) => leg switch
        {
            "config" => ErrorCategory.InvalidArgument,
            "token" => ErrorCategory.AuthenticationError,
            "IMAP auth" => ErrorCategory.AuthenticationError,
            "SFTP auth" => ErrorCategory.AuthenticationError,
            "SFTP host key" => ErrorCategory.SecurityError,
            "mailbox" => ErrorCategory.ObjectNotFound,
            "remote directory" => ErrorCategory.PermissionDenied,
            _ => ErrorCategory.ConnectionError,
        };
    }
}
