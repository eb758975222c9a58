using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace FundMail.Tests.Chaos
{
    /// <summary>
    /// A run's folder (BASE_DIR and its .env) on a tmpfs of its own, which a ballast file fills to within a few hundred KB
    /// now and then, so a cycle meets ENOSPC wherever it is writing; removing the ballast gives the space back.
    /// The ballast lies beside BASE_DIR, never in it. Mounting needs root on Linux; elsewhere the fault is skipped.
    /// </summary>
    public sealed class DiskFull : IDisposable
    {
        private readonly string _mountPoint;
        private readonly string _ballast;

        private DiskFull(string mountPoint)
        {
            _mountPoint = mountPoint;
            _ballast = Path.Combine(mountPoint, "chaos-ballast");
        }

        public bool IsFull => File.Exists(_ballast);
        public int Times { get; private set; }

        /// <summary>Mounts a tmpfs of <paramref name="bytes"/> on the empty folder <paramref name="mountPoint"/>.</summary>
        /// <returns>Null, with the reason in <paramref name="skipped"/>, when mounting is not permitted here.</returns>
        public static DiskFull? TryMount(string mountPoint, long bytes, out string? skipped)
        {
            skipped = null;
            if (!OperatingSystem.IsLinux())
            {
                skipped = "a size-limited BASE_DIR needs a Linux tmpfs";
                return null;
            }
            Directory.CreateDirectory(mountPoint);
            var (code, output) = Run("mount", "-t", "tmpfs", "-o", "size=" + bytes.ToString(CultureInfo.InvariantCulture) + ",mode=0755", "fundmail-chaos", mountPoint);
            if (code == 0)
                return new DiskFull(mountPoint);
            skipped = "mounting a tmpfs on " + mountPoint + " is not permitted (" + output.Trim() + "); run the chaos test as root for the disk-full fault";
            return null;
        }

        /// <summary>Takes all free space but <paramref name="leaveBytes"/>.</summary>
        public void Fill(long leaveBytes)
        {
            Times++;
            // The cycle may be writing meanwhile: measure again when the space went before fallocate took it.
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var take = new DriveInfo(_mountPoint).AvailableFreeSpace - leaveBytes;
                if (take <= 0)
                    return;
                if (Run("fallocate", "-l", take.ToString(CultureInfo.InvariantCulture), _ballast).code == 0)
                    return;
            }
        }

        public void Clear() => File.Delete(_ballast);

        public void Dispose()
        {
            Clear();
            Run("umount", "-l", _mountPoint);
        }

        private static (int code, string output) Run(string file, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
    }
}
