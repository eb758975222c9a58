using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.PowerShell.Infrastructure;
using FundMail.Sftp;

namespace FundMail.PowerShell
{
    /// <summary>
    /// Uploads files over SFTP to the pinned server, each atomically (temp name, size check, fsync, rename), many at once,
    /// with .db files only after every other file is in place, so a DB never appears before the files it names. Paths
    /// below BASE_DIR keep their layout under the remote directory. Outputs one result per file as it lands: local and
    /// remote path, bytes, sha256, duration.
    /// </summary>
    /// <example>Get-FundMail -Last 5 | Save-FundMailDb | Send-FundMailSftp</example>
    /// <example>Get-ChildItem C:\fund_mail\2026_11_21 | Send-FundMailSftp -WhatIf</example>
    [Cmdlet(VerbsCommunications.Send, "FundMailSftp", SupportsShouldProcess = true)]
    [OutputType(DomainObjects.UploadedFile)]
    public sealed class SendFundMailSftpCommand : FundMailCmdlet
    {
        private readonly List<string> _files = new List<string>();

        /// <summary>Files to upload: paths, FileInfo objects, or the output of Save-FundMailDb.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        public string[] Path { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            foreach (var path in Path)
            {
                var resolved = GetUnresolvedProviderPathFromPSPath(path);
                if (Directory.Exists(resolved))
                {
                    WriteError(new ErrorRecord(new ArgumentException(resolved + " is a folder; pass its files (Get-ChildItem -File)"),
                        "FundMailNotAFile", ErrorCategory.InvalidArgument, resolved));
                    continue;
                }
                _files.Add(resolved);
            }
        }

        protected override void EndProcessing()
        {
            if (_files.Count == 0)
                return;
            var (sftp, layout) = Guard(() =>
            {
                var config = LoadConfig();
                return (SftpSettings.Read(config), StoreSettings.Read(config).Layout);
            });
            var items = _files.Select(f => ShipList.Item(f, layout))
                .Where(item => ShouldProcess(item.LocalPath, "Upload to " + sftp.Connect.Host + ":" + sftp.RemotePath(item.RelativeRemotePath)))
                .ToList();
            if (items.Count == 0)
                return;
            Run(async (pump, ct) =>
            {
                var progress = new ProgressRecord(2, "Send-FundMailSftp", "Uploading " + items.Count + " file(s) to " + sftp.Connect.Host);
                long total = items.Sum(i => new FileInfo(i.LocalPath).Length), sent = 0;
                var done = 0;
                await FileSender.SendAsync(sftp, items, uploaded =>
                {
                    var percent = total == 0 ? 100 : (int)(Interlocked.Add(ref sent, uploaded.Bytes) * 100 / total);
                    var status = Interlocked.Increment(ref done) + " of " + items.Count + " in place: " + System.IO.Path.GetFileName(uploaded.LocalPath);
                    pump.Post(() =>
                    {
                        progress.PercentComplete = percent;
                        progress.StatusDescription = status;
                        WriteProgress(progress);
                        WriteObject(DomainObjects.Of(uploaded));
                    });
                }, ct).ConfigureAwait(false);
                pump.Post(() =>
                {
                    progress.RecordType = ProgressRecordType.Completed;
                    WriteProgress(progress);
                });
            }, sftp.Connect.Host);
        }
    }
}
