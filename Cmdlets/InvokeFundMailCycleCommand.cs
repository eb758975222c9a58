using System.Management.Automation;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Logging;
using FundMail.PowerShell.Infrastructure;

namespace FundMail.PowerShell
{
    /// <summary>
    /// One scheduled run: new mail since the checkpoint is fetched read-only, stored in new fm_*.db batches (BATCH_MAX_MAILS,
    /// BATCH_MAX_MB) with its attachments, uploaded over SFTP (queued uploads go first), and the checkpoint moves after
    /// each batch is stored durably. A second run while one is active stops at once with error id FundMailAlreadyRunning.
    /// Events also go to BASE_DIR\logs\fundmail_yyyy-MM-dd.log.
    /// </summary>
    /// <output type="FundMail.CycleReport">What the run did: mails stored, the new DB, files uploaded, batches still queued, an upload error, UIDs to retry, timings.</output>
    /// <example>Invoke-FundMailCycle -EnvFile C:\fund_mail\.env -Verbose</example>
    [Cmdlet(VerbsLifecycle.Invoke, "FundMailCycle", SupportsShouldProcess = true)]
    [OutputType(DomainObjects.CycleReport)]
    public sealed class InvokeFundMailCycleCommand : FundMailCmdlet
    {
        protected override void EndProcessing()
        {
            var settings = Guard(() => CycleSettings.Read(LoadConfig()));
            if (!ShouldProcess(settings.Mailbox.Imap.User, "Capture new mail into BASE_DIR and upload it to " + settings.Sftp.Connect.Host))
                return;
            Run(async (pump, ct) =>
            {
                var log = new TeeLog(new CmdletLog(this, pump), new DailyFileLog(settings.Store.Layout.BaseDir));
                // The token is kept in BASE_DIR between runs: most cycles need no trip to the token endpoint at all.
                using var tokens = settings.Mailbox.App == null ? null : new CachedTokenProvider(settings.Mailbox.App, settings.Store.Layout.BaseDir);
                var report = await CycleRunner.RunAsync(settings, tokens, log, ct).ConfigureAwait(false);
                pump.Post(() =>
                {
                    WriteObject(DomainObjects.Of(report));
                    // Mail is stored and queued; the error makes a run that could not ship visible to the scheduler and to scripts.
                    if (report.UploadError != null)
                        WriteError(new ErrorRecord(new System.IO.IOException(report.UploadError), "FundMailUploadPending", ErrorCategory.ConnectionError, report));
                });
            }, settings.Mailbox.Imap.User);
        }
    }
}
