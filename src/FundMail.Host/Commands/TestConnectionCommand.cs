using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Diagnostics;
using FundMail.Host.Cli;

namespace FundMail.Host.Commands
{
    /// <summary>`fundmail test-connection`: one line per leg, ✓ or ✗ with the fix.</summary>
    internal sealed class TestConnectionCommand : ICommand
    {
        public string Name => "test-connection";
        public string Usage => "test-connection";
        public string Summary => "check config, token, IMAP, mailbox, SFTP host key, auth and folder";
        public IReadOnlyCollection<string> Options => Array.Empty<string>();
        public IReadOnlyCollection<string> Switches => Array.Empty<string>();

        public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
        {
            var ok = await ConnectionCheck.RunAsync(context.LoadConfig, context.Log, result => Console.WriteLine(result.ToString()), cancellationToken)
                .ConfigureAwait(false);
            return ok ? ExitCodes.Success : ExitCodes.Failure;
        }
    }
}
