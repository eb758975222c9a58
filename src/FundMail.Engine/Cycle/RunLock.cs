using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Logging;
using FundMail.Util;

namespace FundMail.Cycle
{
    /// <summary>
    /// One writer at a time per BASE_DIR: the scheduled cycle and Save-FundMailDb. The lock is an OS file lock (flock on
    /// Unix, a share-none handle on Windows), which the OS drops when the holder dies, so a killed run never leaves a lock
    /// that blocks later runs. A side file records who holds it, for the "already running" message.
    /// </summary>
    public sealed class RunLock : IDisposable
    {
        public const string FileName = "fundmail.lock";

        private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(200);

        private readonly FileStream _handle;
        private readonly string _infoPath;

        private RunLock(FileStream handle, string infoPath)
        {
            _handle = handle;
            _infoPath = infoPath;
        }

        /// <summary>For the cycle: another holder means this run leaves at once.</summary>
        public static RunLock Acquire(string baseDir) =>
            TryAcquire(baseDir, "a cycle", out var busy) ?? throw busy!;

        /// <summary>
        /// For a command an admin runs by hand: waits up to <paramref name="wait"/> for the holder to finish (saying so once
        /// in the log), then fails with who holds the lock.
        /// </summary>
        public static async Task<RunLock> AcquireAsync(string baseDir, string holder, TimeSpan wait, ILog log, CancellationToken ct)
        {
            var deadline = DateTimeOffset.UtcNow + wait;
            var said = false;
            while (true)
            {
                var acquired = TryAcquire(baseDir, holder, out var busy);
                if (acquired != null)
                    return acquired;
                if (DateTimeOffset.UtcNow >= deadline)
                    throw busy!;
                if (!said)
                {
                    log.Verbose(busy!.Describe() + "; waiting up to " + (int)wait.TotalSeconds + " s for it to end");
                    said = true;
                }
                await Task.Delay(RetryEvery, ct).ConfigureAwait(false);
            }
        }

        public void Dispose()
        {
            try
            {
                File.Delete(_infoPath);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
            }
            _handle.Dispose();
        }

        /// <returns>The lock, or null with <paramref name="busy"/> set when another process holds it; any other failure throws.</returns>
        private static RunLock? TryAcquire(string baseDir, string holder, out AlreadyRunningException? busy)
        {
            busy = null;
            var path = Path.Combine(baseDir, FileName);
            var infoPath = path + ".json";
            FileStream handle;
            try
            {
                Directory.CreateDirectory(baseDir);
                handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (IsHeldElsewhere(e))
            {
                busy = new AlreadyRunningException(baseDir, path, ReadHolder(infoPath));
                return null;
            }
            catch (IOException e)
            {
                throw new IOException(CannotLock(path, e), e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UnauthorizedAccessException(CannotLock(path, e), e);
            }
            try
            {
                var info = new LockHolder { ProcessId = CurrentProcessId(), Started = DateTimeOffset.Now, Holder = holder };
                AtomicFile.WriteAllText(infoPath, JsonSerializer.Serialize(info));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Only the "who holds it" note is lost: the lock itself is held.
            }
            return new RunLock(handle, infoPath);
        }

        private static string CannotLock(string path, Exception e) =>
            "cannot take the run lock " + path + " (" + e.Message + "); BASE_DIR must be a folder this account can create files in";

        /// <summary>
        /// A lock held by another process, and nothing else: a sharing or lock violation on Windows, EWOULDBLOCK from
        /// flock on Unix (.NET puts the errno in HResult). A read-only or full disk is not "already running".
        /// </summary>
        private static bool IsHeldElsewhere(IOException e)
        {
            var code = e.HResult & 0xFFFF;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return code == 32 || code == 33;
            // EWOULDBLOCK is 11 on Linux, 35 on macOS and the BSDs.
            return RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? code == 11 : code == 35;
        }

        private static LockHolder? ReadHolder(string infoPath)
        {
            try
            {
                return JsonSerializer.Deserialize<LockHolder>(File.ReadAllText(infoPath));
            }
            catch (Exception e) when (e is IOException || e is JsonException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static int CurrentProcessId()
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return process.Id;
        }
    }

    public sealed class LockHolder
    {
        public int ProcessId { get; set; }
        public DateTimeOffset Started { get; set; }

        /// <summary>What holds it: "a cycle", "Save-FundMailDb".</summary>
        public string? Holder { get; set; }
    }

    /// <summary>Another process holds the run lock: a cycle exits at once, a manual command after a short wait; neither did anything.</summary>
    public sealed class AlreadyRunningException : Exception
    {
        public AlreadyRunningException(string baseDir, string lockPath, LockHolder? holder)
            : base(Describe(baseDir, holder) + "; try again when it ends (lock: " + lockPath + ")")
        {
            BaseDir = baseDir;
            Holder = holder;
        }

        public string BaseDir { get; }
        public LockHolder? Holder { get; }

        internal string Describe() => Describe(BaseDir, Holder);

        private static string Describe(string baseDir, LockHolder? holder) =>
            "FundMail is already running for this BASE_DIR (" + baseDir + "): " + (holder?.Holder ?? "a cycle") +
            (holder == null ? "" : " (pid " + holder.ProcessId + " since " + holder.Started.ToString("HH:mm", CultureInfo.InvariantCulture) + ")") +
            " holds the lock";
    }
}
