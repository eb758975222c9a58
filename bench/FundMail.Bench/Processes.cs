using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace FundMail.Bench
{
    /// <summary>Untimed helper processes (tools, builds, probes): run to the end, output collected.</summary>
    internal static class Processes
    {
        public static async Task<(int Code, string Stdout, string Stderr)> ExecAsync(ProcessStartInfo info)
        {
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + info.FileName);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout, await stderr);
        }

        /// <summary>Runs a command that must succeed; returns its standard output.</summary>
        public static async Task<string> RunAsync(string file, params string[] args)
        {
            var (code, stdout, stderr) = await ExecAsync(Contender.Start(file, args));
            if (code != 0)
                throw new InvalidOperationException(file + " " + string.Join(" ", args) + " failed (exit " + code + "): " + (stderr + stdout).Trim());
            return stdout;
        }
    }
}
