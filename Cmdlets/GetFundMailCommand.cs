using System;
using System.Management.Automation;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Mailbox;
using FundMail.PowerShell.Infrastructure;
using FundMail.Store;

namespace FundMail.PowerShell
{
    /// <summary>
    /// Reads mail: from the mailbox (read-only: EXAMINE and BODY.PEEK, no checkpoint moves) or from saved fm_*.db files.
    /// Each mail goes down the pipeline as soon as it is parsed. With BASE_DIR set, the access token the cycle keeps
    /// there is used while it is valid, so a quick look asks no token of Entra ID.
    /// </summary>
    /// <output type="FundMail.Mail">One mail: sender, recipients, subject, sent and received time, text and HTML body, attachments, IMAP UID.</output>
    /// <example>Get-FundMail -Last 20 | Where-Object Subject -like '*펀드*'</example>
    /// <example>Get-FundMail -Since (Get-Date).Date | Save-FundMailDb | Send-FundMailSftp</example>
    /// <example>Get-ChildItem C:\fund_mail\fm_2026_11_21_*.db | Get-FundMail</example>
    [Cmdlet(VerbsCommon.Get, "FundMail", DefaultParameterSetName = LastSet)]
    [OutputType(DomainObjects.Mail)]
    public sealed class GetFundMailCommand : FundMailCmdlet
    {
        private const string SinceSet = "Since";
        private const string LastSet = "Last";
        private const string UidSet = "Uid";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>Mail received at or after this time (local time when no offset is given).</summary>
        [Parameter(Mandatory = true, ParameterSetName = SinceSet)]
        public DateTime Since { get; set; }

        /// <summary>The newest N messages in the mailbox folder.</summary>
        [Parameter(ParameterSetName = LastSet, Position = 0)]
        [ValidateRange(1, int.MaxValue)]
        public int Last { get; set; } = 10;

        /// <summary>IMAP UIDs: 42, 100:200 or 5,7,9:12.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UidSet)]
        public string Uid { get; set; } = "";

        /// <summary>Saved fm_*.db files to read instead of the mailbox; wildcards are allowed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Saved fm_*.db files, taken exactly as named (for names with [ or ]).</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        internal override System.IO.FileAccess LocalFileAccess => System.IO.FileAccess.Read;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PathSet || ParameterSetName == LiteralPathSet)
            {
                var literal = ParameterSetName == LiteralPathSet;
                foreach (var path in literal ? LiteralPath : Path)
                    foreach (var file in FilePaths.Resolve(this, path, literal))
                        ReadDb(file);
                return;
            }

            var query = ParameterSetName == SinceSet ? MailQuery.ReceivedSince(new DateTimeOffset(Since))
                : ParameterSetName == UidSet ? MailQuery.ByUid(Uid)
                : MailQuery.LastMessages(Last);
            Run(async (pump, ct) =>
            {
                var settings = MailboxSettings.Read(LoadConfig());
                var log = new CmdletLog(this, pump);
                using var tokens = settings.App == null ? null : new CachedTokenProvider(settings.App, settings.TokenCacheDirectory);
                using var reader = await MailReader.OpenAsync(settings.Imap, tokens, log, ct).ConfigureAwait(false);
                var uids = await reader.FindAsync(query, ct).ConfigureAwait(false);
                var progress = new ProgressRecord(1, "Get-FundMail", "Fetching " + uids.Count + " message(s) from " + settings.Imap.Mailbox);
                var done = 0;
                await reader.FetchAsync(uids, mail =>
                {
                    done++;
                    var percent = uids.Count == 0 ? 100 : done * 100 / uids.Count;
                    pump.Post(() =>
                    {
                        progress.PercentComplete = percent;
                        progress.StatusDescription = done + " of " + uids.Count;
                        WriteProgress(progress);
                        WriteObject(DomainObjects.Of(mail));
                    });
                    return Task.CompletedTask;
                }, ct, query.Since).ConfigureAwait(false);
                pump.Post(() =>
                {
                    progress.RecordType = ProgressRecordType.Completed;
                    WriteProgress(progress);
                });
            }, query.Description);
        }

        /// <summary>One saved DB: a file that fails is an error on its path, the other files still read.</summary>
        private void ReadDb(string file)
        {
            RunItem((pump, ct) =>
            {
                foreach (var mail in MailDbReader.Read(file))
                    pump.Post(() => WriteObject(DomainObjects.Of(mail)));
                return Task.CompletedTask;
            }, file);
        }
    }
}
