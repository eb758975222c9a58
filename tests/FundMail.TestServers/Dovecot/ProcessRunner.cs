using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.TestServers.Dovecot
{
    internal readonly record struct ProcessResult(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs the Dovecot command-line tools with a deadline, never leaving a hung child behind.</summary>
    internal static class ProcessRunner
    {
        public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in args)
                info.ArgumentList.Add(arg);
            return info;
        }

        public static ProcessResult TryRun(string file, IEnumerable<string> args, TimeSpan timeout)
        {
            return TryRunAsync(file, args, null, timeout).GetAwaiter().GetResult();
        }

        public static ProcessResult Run(string file, IEnumerable<string> args, TimeSpan timeout)
        {
            var result = TryRun(file, args, timeout);
            if (result.ExitCode != 0)
                throw new InvalidOperationException(file + " " + string.Join(" ", args) + " failed (" + result.ExitCode + "): " + result.Stderr.Trim());
            return result;
        }

        /// <summary>Runs a tool, feeding <paramref name="writeInput"/> to its stdin while both outputs are drained.</summary>
        public static async Task<ProcessResult> TryRunAsync(string file, IEnumerable<string> args, Func<Stream, Task>? writeInput, TimeSpan timeout)
        {
            using var process = Process.Start(StartInfo(file, args)) ?? throw new InvalidOperationException("cannot start " + file);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                if (writeInput != null)
                    await writeInput(process.StandardInput.BaseStream);
                process.StandardInput.Close();
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(file + " " + string.Join(" ", args) + " did not finish within " + timeout);
            }
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
    }
}
