using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using FundMail.Cycle;
using Xunit;

namespace FundMail.Tests.Cycle
{
    public sealed class RunLockTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("fm-lock-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public void Second_holder_is_refused_with_who_holds_it_then_admitted_after_release()
        {
            using (RunLock.Acquire(_dir))
            {
                var refused = Assert.Throws<AlreadyRunningException>(() => RunLock.Acquire(_dir));
                Assert.Equal(Environment.ProcessId, refused.Holder!.ProcessId);
                Assert.Contains("already running", refused.Message);
            }
            using (RunLock.Acquire(_dir))
            {
            }
        }

        [Fact]
        public void A_read_only_BASE_DIR_is_reported_as_what_it_is_not_as_already_running()
        {
            // chmod does not stop root: a read-only filesystem stops everyone.
            var readOnly = Directory.CreateDirectory(Path.Combine(_dir, "ro")).FullName;
            Run("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", readOnly);
            try
            {
                var error = Assert.ThrowsAny<IOException>(() => RunLock.Acquire(readOnly));
                Assert.DoesNotContain("already running", error.Message);
                Assert.Contains("cannot take the run lock " + Path.Combine(readOnly, "fundmail.lock"), error.Message);
                Assert.Contains("Read-only file system", error.Message);
            }
            finally
            {
                Run("umount", readOnly);
            }
        }

        [Fact]
        public void A_killed_holder_in_another_process_does_not_block_the_next_run()
        {
            // flock(1) takes the same kind of lock the run lock uses (-o: only flock itself holds it); SIGKILL it while it holds the lock.
            var lockPath = Path.Combine(_dir, "fundmail.lock");
            using var holder = Process.Start(new ProcessStartInfo("flock", new[] { "-o", lockPath, "sleep", "60" }))!;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                try
                {
                    using (RunLock.Acquire(_dir))
                    {
                    }
                    Assert.True(DateTime.UtcNow < deadline, "flock never took the lock");
                    Thread.Sleep(50);
                }
                catch (AlreadyRunningException)
                {
                    break;
                }
            }
            holder.Kill();
            holder.WaitForExit();
            // flock(1) forks its command; killed between fork and the child's close of the lock fd, that child holds the
            // lock for a moment longer. The lock must come free by itself, promptly.
            var freeBy = DateTime.UtcNow.AddSeconds(5);
            while (true)
            {
                try
                {
                    using (RunLock.Acquire(_dir))
                        break;
                }
                catch (AlreadyRunningException) when (DateTime.UtcNow < freeBy)
                {
                    Thread.Sleep(20);
                }
            }
        }

        private static void Run(string file, params string[] args)
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, file + " failed: " + error);
        }
    }
}
