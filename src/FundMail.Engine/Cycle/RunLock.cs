using System;
using System.IO;
using System.Text.Json;
using FundMail.Util;

namespace FundMail.Cycle
{
    /// <summary>
    /// One cycle at a time per BASE_DIR. The lock is an OS file lock (flock on Unix, a share-none handle
    /// on Windows), which the OS drops when the holder dies, so a killed run never leaves a lock that blocks
    /// later runs. A side file records who holds it, for the "already running" message.
    /// </summary>
    public sealed class RunLock : IDisposable
    {
        private readonly FileStream _handle;
        private readonly string _infoPath;

        private RunLock(FileStream handle, string infoPath)
        {
            _handle = handle;
            _infoPath = infoPath;
        }

        public static RunLock Acquire(string baseDir)
        {
            Directory.CreateDirectory(baseDir);
            var path = Path.Combine(baseDir, "fundmail.lock");
            var infoPath = path + ".json";
            FileStream handle;
            try
            {
                handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                throw new AlreadyRunningException(path, ReadHolder(infoPath));
            }
            var holder = new LockHolder { ProcessId = CurrentProcessId(), Started = DateTimeOffset.Now };
            AtomicFile.WriteAllText(infoPath, JsonSerializer.Serialize(holder));
            return new RunLock(handle, infoPath);
        }

        public void Dispose()
        {
            try
            {
                File.Delete(_infoPath);
            }
            catch (IOException)
            {
            }
            _handle.Dispose();
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
    }

    /// <summary>Another cycle holds the lock: this run must exit at once without doing anything.</summary>
    public sealed class AlreadyRunningException : Exception
    {
        public AlreadyRunningException(string lockPath, LockHolder? holder)
            : base("FundMail is already running for this BASE_DIR" +
                   (holder == null ? "" : " (process " + holder.ProcessId + ", started " + holder.Started.ToString("yyyy-MM-dd HH:mm:ss zzz") + ")") +
                   "; lock: " + lockPath)
        {
            Holder = holder;
        }

        public LockHolder? Holder { get; }
    }
}
