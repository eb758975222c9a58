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
    /// <example>Test-FundMailConnection -EnvFile C:\fund_mail\.env</example>
    /// <example>Test-FundMailConnection | Where-Object Outcome -ne Passed | Format-List Leg, Detail, Fix</example>
    [Cmdlet(VerbsDiagnostic.Test, "FundMailConnection")]
    [OutputType(DomainObjects.ConnectionCheck)]
    public sealed class TestFundMailConnectionCommand : FundMailCmdlet
    {
        protected override void EndProcessing()
        {
            Run(async (pump, ct) =>
            {
                await ConnectionCheck.RunAsync(LoadConfig, new CmdletLog(this, pump), result => pump.Post(() => WriteObject(DomainObjects.Of(result))), ct)
                    .ConfigureAwait(false);
            });
        }
    }
}
