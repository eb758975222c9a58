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

        /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started (for time-to-first-byte).</summary>
        public long StartTimestamp { get; init; }
    }

    /// <summary>
    /// Runs a command under GNU time so every tool, ours or a peer, is measured the same way: wall time by our clock,
    /// CPU time and peak resident memory (the largest process of the tree) by the kernel's rusage. On a delayed link
    /// the whole measured command runs inside the delaynet namespace: <c>delaynet exec -- time -- command</c>.
    /// </summary>
    internal static class TimedProcess
    {
        public const string GnuTime = "/usr/bin/time";
        private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

        public static async Task<Sample> RunAsync(ProcessStartInfo command, int rep, int order, Delaynet? network = null)
        {
            var usageFile = Path.GetTempFileName();
            var info = new ProcessStartInfo(network == null ? GnuTime : Delaynet.Tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = command.WorkingDirectory,
            };
            if (network != null)
                foreach (var arg in new[] { "exec", "--name", network.Name, "--", GnuTime })
                    info.ArgumentList.Add(arg);
            foreach (var arg in new[] { "-f", "%U %S %M", "-o", usageFile, command.FileName })
                info.ArgumentList.Add(arg);
            foreach (var arg in command.ArgumentList)
                info.ArgumentList.Add(arg);
            foreach (var variable in command.Environment)
                info.Environment[variable.Key] = variable.Value;
            try
            {
                var started = Stopwatch.GetTimestamp();
                using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + info.FileName);
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                var exited = process.WaitForExitAsync();
                if (await Task.WhenAny(exited, Task.Delay(Limit, Interrupt.Token)) != exited)
                {
                    process.Kill(entireProcessTree: true);
                    Interrupt.Token.ThrowIfCancellationRequested();
                    throw new TimeoutException(command.FileName + " did not finish within " + Limit);
                }
                var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (process.ExitCode != 0)
                    throw new InvalidOperationException(command.FileName + " " + string.Join(" ", command.ArgumentList) +
                        " failed (exit " + process.ExitCode + "): " + Clip((await stderr).Trim() + " " + (await stdout).Trim()));
                var usage = File.ReadAllText(usageFile).Trim().Split('\n')[^1].Trim().Split(' ');
                return new Sample(rep, order, wall, Number(usage[0]), Number(usage[1]), long.Parse(usage[2], CultureInfo.InvariantCulture), (await stdout).Trim())
                {
                    StartTimestamp = started,
                };
            }
            finally
            {
                File.Delete(usageFile);
            }
        }

        private static string Clip(string text) => text.Length <= 2000 ? text : text.Substring(0, 2000) + " …";

        private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
    }
}
