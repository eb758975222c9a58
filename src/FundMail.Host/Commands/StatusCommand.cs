using System;
using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Host.Cli;

namespace FundMail.Host.Commands
{
    /// <summary>`fundmail status`: last run, last success, errors in 24 h, checkpoint and queued uploads, from BASE_DIR alone.</summary>
    internal sealed class StatusCommand : ICommand
    {
        public string Name => "status";
        public string Usage => "status [--json]";
        public string Summary => "show last run, errors, checkpoint and queued uploads";
        public IReadOnlyCollection<string> Options => Array.Empty<string>();
        public IReadOnlyCollection<string> Switches => new[] { "json" };

        public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
        {
            var status = CycleStatus.Read(StoreSettings.Read(context.LoadConfig()).Layout.BaseDir);
            Console.WriteLine(context.Arguments.Has("json")
                ? JsonSerializer.Serialize(status, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
                : status.ToString());
            return Task.FromResult(ExitCodes.Success);
        }
    }
}
