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
    }
}
