using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;

namespace FundMail.Bench
{
    /// <summary>What one run of one contender cost, measured from outside the process.</summary>
    internal sealed record Sample(int Rep, int Order, double WallSeconds, double UserSeconds, double SystemSeconds, long PeakRssKb, string Output)
    {
        public double CpuSeconds => UserSeconds + SystemSeconds;
    }

    /// <summary>
    /// Runs a command under GNU time so every tool, ours or a peer, is measured the same way: wall time by our clock,
    /// CPU time and peak resident memory (of the measured process itself, not its children) by the kernel's rusage.
    /// </summary>
    internal static class TimedProcess
    {
        public const string GnuTime = "/usr/bin/time";
        private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

        public static async Task<Sample> RunAsync(ProcessStartInfo command, int rep, int order)
        {
            var usageFile = Path.GetTempFileName();
            var info = new ProcessStartInfo(GnuTime)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = command.WorkingDirectory,
            };
            foreach (var arg in new[] { "-f", "%U %S %M", "-o", usageFile, command.FileName })
                info.ArgumentList.Add(arg);
            foreach (var arg in command.ArgumentList)
                info.ArgumentList.Add(arg);
            foreach (var variable in command.Environment)
                info.Environment[variable.Key] = variable.Value;
            try
            {
                var clock = Stopwatch.StartNew();
                using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + GnuTime);
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                var exited = process.WaitForExitAsync();
                if (await Task.WhenAny(exited, Task.Delay(Limit)) != exited)
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException(command.FileName + " did not finish within " + Limit);
                }
                var wall = clock.Elapsed.TotalSeconds;
                if (process.ExitCode != 0)
                    throw new InvalidOperationException(command.FileName + " " + string.Join(" ", command.ArgumentList) +
                        " failed (exit " + process.ExitCode + "): " + (await stderr).Trim() + " " + (await stdout).Trim());
                var usage = File.ReadAllText(usageFile).Trim().Split(' ');
                return new Sample(rep, order, wall, Number(usage[0]), Number(usage[1]), long.Parse(usage[2], CultureInfo.InvariantCulture), (await stdout).Trim());
            }
            finally
            {
                File.Delete(usageFile);
            }
        }

        private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
    }
}
