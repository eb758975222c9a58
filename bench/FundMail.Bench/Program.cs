using System;
using System.Threading.Tasks;
using FundMail.Bench.Fetch;

namespace FundMail.Bench
{
    /// <summary>
    /// Benchmarks against peer tools. Scenario commands (run by bench/run) start the servers, prepare data and time
    /// every contender as a separate process; the "ours-*" commands are those processes for FundMail's own side.
    /// </summary>
    internal static class Program
    {
        private const string Usage = "usage: bench/run [fetch] [--mails N] [--reps N] [--seed N]";

        private static async Task<int> Main(string[] args)
        {
            try
            {
                var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "fetch";
                var rest = command == (args.Length > 0 ? args[0] : null) ? args[1..] : args;
                switch (command)
                {
                    case "fetch":
                        return await FetchScenario.RunAsync(BenchOptions.Parse(rest));
                    case OursFetch.FetchCommand:
                    case OursFetch.IngestCommand:
                        return await OursFetch.RunAsync(command, ChildArguments.Parse(rest));
                    case Upload.OursUpload.Command:
                        return await Upload.OursUpload.RunAsync(rest);
                    default:
                        throw new UsageException("unknown benchmark '" + command + "'");
                }
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine("bench: " + e.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }
    }
}
