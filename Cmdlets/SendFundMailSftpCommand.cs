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
    /// <output type="FundMail.UploadedFile">One file now in place on the server: local and remote path, bytes, sha256, duration.</output>
    /// <example>Get-FundMail -Last 5 | Save-FundMailDb | Send-FundMailSftp</example>
    /// <example>Get-ChildItem C:\fund_mail\2026_11_21 | Send-FundMailSftp -WhatIf</example>
    [Cmdlet(VerbsCommunications.Send, "FundMailSftp", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
    [OutputType(DomainObjects.UploadedFile)]
    public sealed class SendFundMailSftpCommand : FundMailCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private readonly List<string> _files = new List<string>();

        /// <summary>Files to upload: paths (wildcards allowed), or the output of Save-FundMailDb.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files to upload, taken exactly as named (for names with [ or ]); Get-ChildItem output binds here.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        internal override FileAccess LocalFileAccess => FileAccess.Read;

        protected override void ProcessRecord()
        {
            var literal = ParameterSetName == LiteralPathSet;
            foreach (var path in literal ? LiteralPath : Path)
            {
                foreach (var resolved in FilePaths.Resolve(this, path, literal))
                {
                    if (Directory.Exists(resolved))
                    {
                        WriteError(new ErrorRecord(new ArgumentException(resolved + " is a folder; pass its files (Get-ChildItem -File)"),
                            "FundMailNotAFile", ErrorCategory.InvalidArgument, resolved));
                        continue;
                    }
                    _files.Add(resolved);
                }
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
            }, items.Select(i => i.LocalPath).ToArray(), failure => FailedFile(failure, items, sftp));
        }

        /// <summary>
        /// The local file an SFTP status failure is about (its remote name or its temp name ".name.fundmail-*.tmp"), or
        /// null when it is about the connection, the login or a folder: then the whole command failed.
        /// </summary>
        private static string? FailedFile(Exception failure, IEnumerable<ShipItem> items, SftpSettings sftp)
        {
            if (!(failure is SftpStatusException status))
                return null;
            foreach (var item in items)
            {
                var remote = sftp.RemotePath(item.RelativeRemotePath);
                var slash = remote.LastIndexOf('/');
                var tempPrefix = remote.Substring(0, slash + 1) + "." + remote.Substring(slash + 1) + ".fundmail-";
                if (status.Path == remote || status.Path.StartsWith(tempPrefix, StringComparison.Ordinal))
                    return item.LocalPath;
            }
            return null;
        }
    }
}
