using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Sftp;

namespace FundMail.PowerShell
{
    /// <summary>
    /// Uploads files over SFTP to the pinned server, each atomically (temp name, size check, fsync, rename) and in order
    /// with .db files last, so a DB never appears before the files it names. Paths below BASE_DIR keep their layout
    /// under the remote directory. Outputs one result per file: local and remote path, bytes, sha256, duration.
    /// </summary>
    /// <example>Get-FundMail -Last 5 | Save-FundMailDb | Send-FundMailSftp</example>
    /// <example>Get-ChildItem C:\fund_mail\2026_11_21 | Send-FundMailSftp -WhatIf</example>
    [Cmdlet(VerbsCommunications.Send, "FundMailSftp", SupportsShouldProcess = true)]
    [OutputType("FundMail.Sftp.UploadedFile")]
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
            // Stable order, DB files last: the server never sees a DB whose files are not there yet.
            var ordered = _files.Where(f => !f.EndsWith(".db", StringComparison.OrdinalIgnoreCase))
                .Concat(_files.Where(f => f.EndsWith(".db", StringComparison.OrdinalIgnoreCase)))
                .Select(f => ShipList.Item(f, layout))
                .Where(item => ShouldProcess(item.LocalPath, "Upload to " + sftp.Connect.Host + ":" + sftp.RemotePath(item.RelativeRemotePath)))
                .ToList();
            if (ordered.Count == 0)
                return;
            Run(async (pump, ct) =>
            {
                using var session = await SftpClient.ConnectAsync(sftp.Connect, ct).ConfigureAwait(false);
                var uploader = new SftpUploader(session);
                var progress = new ProgressRecord(2, "Send-FundMailSftp", "Uploading " + ordered.Count + " file(s) to " + sftp.Connect.Host);
                long total = ordered.Sum(i => new FileInfo(i.LocalPath).Length), sent = 0;
                for (var i = 0; i < ordered.Count; i++)
                {
                    var item = ordered[i];
                    var percent = total == 0 ? 100 : (int)(sent * 100 / total);
                    var status = (i + 1) + " of " + ordered.Count + ": " + System.IO.Path.GetFileName(item.LocalPath);
                    pump.Post(() =>
                    {
                        progress.PercentComplete = percent;
                        progress.StatusDescription = status;
                        WriteProgress(progress);
                    });
                    var uploaded = await uploader.UploadAsync(item.LocalPath, sftp.RemotePath(item.RelativeRemotePath), ct).ConfigureAwait(false);
                    sent += uploaded.Bytes;
                    pump.Post(() => WriteObject(uploaded));
                }
                pump.Post(() =>
                {
                    progress.RecordType = ProgressRecordType.Completed;
                    WriteProgress(progress);
                });
            }, sftp.Connect.Host);
        }
    }
}
