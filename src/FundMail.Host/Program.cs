using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Host.Cli;
using FundMail.Host.Commands;

namespace FundMail.Host
{
    /// <summary>`fundmail VERB [options]`: parses the command line, runs one engine operation, maps its outcome to an exit code.</summary>
    internal static class Program
    {
        private static readonly Dictionary<string, ICommand> Commands = new ICommand[]
        {
            new TestConnectionCommand(),
            new GetCommand(),
            new CycleCommand(),
            new SendCommand(),
            new StatusCommand(),
        }.ToDictionary(c => c.Name, StringComparer.Ordinal);

        private static async Task<int> Main(string[] args)
        {
            MallocArenas.Limit();
            Console.OutputEncoding = new UTF8Encoding(false);
            if (args.Length == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help")
            {
                PrintUsage();
                return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
            }
            if (!Commands.TryGetValue(args[0], out var command))
            {
                Console.Error.WriteLine("fundmail: unknown verb '" + args[0] + "'");
                PrintUsage();
                return ExitCodes.Usage;
            }

            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            try
            {
                var arguments = Arguments.Parse(args.Skip(1).ToList(), command.Options.Append("env").ToList(), command.Switches.Append("verbose").ToList(), command.TakesFiles);
                return await command.RunAsync(new CommandContext(arguments), cancel.Token).ConfigureAwait(false);
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine("fundmail " + command.Name + ": " + e.Message);
                Console.Error.WriteLine("usage: fundmail " + command.Usage);
                return ExitCodes.Usage;
            }
            catch (Exception e)
            {
                var (code, message) = ErrorReport.Describe(e);
                Console.Error.WriteLine("fundmail " + command.Name + ": " + message);
                return code;
            }
        }

        private static void PrintUsage()
        {
            Console.Error.WriteLine("usage: fundmail <verb> [--env FILE] [--verbose] [options]");
            // Each verb's summary on its own line: "get" alone is 78 characters wide.
            foreach (var command in Commands.Values)
                Console.Error.WriteLine("  fundmail " + command.Usage + Environment.NewLine + "      " + command.Summary);
            Console.Error.WriteLine("The .env file is --env FILE, else the file $FUNDMAIL_ENV names, else ./.env.");
            Console.Error.WriteLine("FUNDMAIL_<KEY> in the environment (FUNDMAIL_HOST, FUNDMAIL_CLIENT_SECRET, ...)");
            Console.Error.WriteLine("overrides KEY in it; plain HOST, PORT, BASE_DIR etc. change nothing.");
        }
    }
}
