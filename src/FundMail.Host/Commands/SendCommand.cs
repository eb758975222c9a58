using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Host.Cli;

namespace FundMail.Host.Commands
{
    /// <summary>`fundmail send FILE...`: atomic uploads to the pinned SFTP server, many at once, .db files last; one line per file as it lands.</summary>
    internal sealed class SendCommand : ICommand
    {
        public string Name => "send";
        public string Usage => "send FILE...";
        public string Summary => "upload files (layout below BASE_DIR kept), DB files last";
        public IReadOnlyCollection<string> Options => Array.Empty<string>();
        public IReadOnlyCollection<string> Switches => Array.Empty<string>();
        public bool TakesFiles => true;

        public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
        {
            var files = context.Arguments.Positional.Select(Path.GetFullPath).ToList();
            if (files.Count == 0)
                throw new UsageException("name the files to upload");
            var missing = files.Where(f => !File.Exists(f)).ToList();
            if (missing.Count > 0)
                throw new UsageException("no such file: " + string.Join(", ", missing));
            var config = context.LoadConfig();
            var sftp = SftpSettings.Read(config);
            var layout = StoreSettings.Read(config).Layout;
            var items = files.Select(f => ShipList.Item(f, layout)).ToList();
            await FileSender.SendAsync(sftp, items, uploaded => Console.WriteLine(uploaded.RemotePath + "  " +
                uploaded.Bytes.ToString(CultureInfo.InvariantCulture) + " bytes  sha256 " + uploaded.Sha256 + "  " +
                uploaded.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s"), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
    }
}
