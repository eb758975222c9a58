using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace FundMail.Tests.Module
{
    /// <summary>Paths the module tests use, fixed at build time, and running a program to its end.</summary>
    internal static class Repository
    {
        public static string Root => Metadata("FundMail.RepositoryRoot");

        public static string FakeHost => Metadata("FundMail.FakeHost");

        public static string File(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());

        private static string Metadata(string key) =>
            typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

        /// <returns>Exit code and everything the program printed (stdout then stderr).</returns>
        public static (int ExitCode, string Output) Run(string program, string arguments, string workingDirectory, TimeSpan timeout)
        {
            var start = new ProcessStartInfo(program, arguments)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(program + " " + arguments + " did not finish within " + timeout);
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
