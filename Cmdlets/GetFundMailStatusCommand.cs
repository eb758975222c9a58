using System.Management.Automation;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.PowerShell.Infrastructure;

namespace FundMail.PowerShell
{
    /// <summary>
    /// Where capture stands, read from BASE_DIR without contacting any server: last run and its outcome, last success,
    /// last error, errors in the last 24 hours, the checkpoint, UIDs waiting to be retried, and batches queued for upload.
    /// </summary>
    /// <output type="FundMail.CycleStatus">Last run and its outcome, last success, last error, errors in 24 hours, checkpoint, UIDs to retry, queued DB files.</output>
    /// <example>Get-FundMailStatus -EnvFile C:\fund_mail\.env</example>
    [Cmdlet(VerbsCommon.Get, "FundMailStatus")]
    [OutputType(DomainObjects.CycleStatus)]
    public sealed class GetFundMailStatusCommand : FundMailCmdlet
    {
        protected override void EndProcessing()
        {
            WriteObject(DomainObjects.Of(Guard(() => CycleStatus.Read(StoreSettings.Read(LoadConfig()).Layout.BaseDir))));
        }
    }
}
