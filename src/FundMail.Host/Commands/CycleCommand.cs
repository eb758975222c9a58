using System;
using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Host.Cli;
using FundMail.Logging;

namespace FundMail.Host.Commands
{
    /// <summary>`fundmail cycle`: one scheduled run (cron every 5 minutes), logged to BASE_DIR/logs too.</summary>
    internal sealed class CycleCommand : ICommand
    {
        public string Name => "cycle";
        public string Usage => "cycle [--json]";
        public string Summary => "fetch new mail, store it, upload it, move the checkpoint";
        public IReadOnlyCollection<string> Options => Array.Empty<string>();
        public IReadOnlyCollection<string> Switches => new[] { "json" };

        public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
        {
            var settings = CycleSettings.Read(context.LoadConfig());
            var log = new TeeLog(context.Log, new DailyFileLog(settings.Store.Layout.BaseDir));
            // The token is kept in BASE_DIR between runs: most cycles need no trip to the token endpoint at all.
            using var tokens = settings.Mailbox.App == null ? null : new CachedTokenProvider(settings.Mailbox.App, settings.Store.Layout.BaseDir);
            var report = await CycleRunner.RunAsync(settings, tokens, log, cancellationToken).ConfigureAwait(false);
            // --json: the whole report (counts, timings, round trips) as one object, for scripts and the benchmark.
            Console.WriteLine(context.Arguments.Has("json")
                ? JsonSerializer.Serialize(report, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
                : report.ToString());
            // A run that stored mail but could not ship it exits non-zero, so the scheduler's last result shows it.
            return report.UploadError != null ? ExitCodes.Unreachable : report.Throttled ? ExitCodes.Throttled : ExitCodes.Success;
        }
    }
}
