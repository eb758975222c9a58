using System;
using System.Management.Automation;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Mime;
using FundMail.PowerShell.Infrastructure;

namespace FundMail.PowerShell
{
    /// <summary>
    /// Stores mail objects from the pipeline into one new fm_yyyy_mm_dd_HHMM.db (one transaction, renamed into place
    /// when complete), with attachments and the raw message under BASE_DIR\yyyy_mm_dd\. Outputs every file it wrote,
    /// attachments first and the DB last, ready for Send-FundMailSftp. With no input it writes nothing.
    /// </summary>
    /// <output type="FundMail.StoredFile">One file written under BASE_DIR (an attachment, a raw message or the fm_*.db): path, kind, size, sha256.</output>
    /// <example>Get-FundMail -Since (Get-Date).Date | Save-FundMailDb</example>
    /// <example>Get-FundMail -Last 5 | Save-FundMailDb | Send-FundMailSftp</example>
    [Cmdlet(VerbsData.Save, "FundMailDb", SupportsShouldProcess = true)]
    [OutputType(DomainObjects.StoredFile)]
    public sealed class SaveFundMailDbCommand : FundMailCmdlet, IDisposable
    {
        private ManualSave? _session;
        private bool _declined;

        /// <summary>Mail objects from Get-FundMail.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

        protected override void ProcessRecord()
        {
            foreach (var item in InputObject)
            {
                if (!(item?.BaseObject is MailMessage mail))
                {
                    WriteError(new ErrorRecord(new ArgumentException("not a mail object from Get-FundMail: " + (item?.BaseObject?.GetType().FullName ?? "null")),
                        "FundMailNotAMail", ErrorCategory.InvalidType, item));
                    continue;
                }
                if (_declined)
                    return;
                if (_session == null)
                {
                    var settings = Guard(() => StoreSettings.Read(LoadConfig()));
                    if (!ShouldProcess(settings.Layout.BaseDir, "Store mail into a new fm_*.db with its attachments"))
                    {
                        _declined = true;
                        return;
                    }
                    // The run lock is held from the first stored mail until the batch is committed or rolled back.
                    Run(async (pump, ct) => _session = await ManualSave.BeginAsync(settings.Layout, "Save-FundMailDb", new CmdletLog(this, pump), ct)
                        .ConfigureAwait(false), settings.Layout.BaseDir);
                }
                var session = _session!;
                Run((pump, ct) =>
                {
                    session.Add(mail);
                    return Task.CompletedTask;
                }, mail.EmailId);
                WriteDebug("stored " + mail.EmailId);
            }
        }

        protected override void EndProcessing()
        {
            if (_session == null)
                return;
            var session = _session;
            _session = null;
            Run((pump, ct) =>
            {
                foreach (var file in session.Commit())
                    pump.Post(() => WriteObject(DomainObjects.Of(file)));
                return Task.CompletedTask;
            }, session.DbPath);
        }

        /// <summary>
        /// Rolls back a batch that was never committed. PowerShell calls neither EndProcessing nor StopProcessing when an
        /// upstream command fails, but always disposes the cmdlet when its pipeline ends (failed, stopped or done), on the
        /// pipeline thread, after any engine work has finished. The run lock goes with the batch.
        /// </summary>
        public void Dispose()
        {
            _session?.Dispose();
            _session = null;
        }
    }
}
