using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Util
{
    /// <summary>
    /// Flushes finished files to disk in the background, several at once, as soon as each is handed over, so the disk
    /// writes overlap the work that produces the next files and the file system can merge the flushes; whoever must
    /// not go on before all of them are durable calls <see cref="WaitAll"/>, which then waits only for what is left.
    /// </summary>
    internal sealed class BackgroundFlusher : IDisposable
    {
        private readonly BlockingQueue<string> _files = new BlockingQueue<string>();
        private readonly ConcurrentQueue<IOException> _failures = new ConcurrentQueue<IOException>();
        private readonly Task[] _workers;

        /// <param name="parallel">Flushes in flight at once: they mostly wait on the disk, not on a core.</param>
        public BackgroundFlusher(int parallel)
        {
            _workers = new Task[parallel];
            for (var i = 0; i < parallel; i++)
                _workers[i] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>A complete, closed file under its final name.</summary>
        public void Add(string path) => _files.Add(path);

        /// <summary>Blocks until every file handed over is on disk; throws the first failure, naming the file.</summary>
        public void WaitAll()
        {
            Stop();
            if (_failures.TryPeek(out var failure))
                throw failure;
        }

        /// <summary>Waits for the flushes in flight, drops the rest (nothing to make durable any more).</summary>
        public void Dispose()
        {
            while (_files.TryTake(out _))
            {
            }
            Stop();
        }

        private void Stop()
        {
            if (!_files.IsAddingCompleted)
                _files.CompleteAdding();
            Task.WaitAll(_workers);
        }

        private void Work()
        {
            foreach (var path in _files.GetConsumingEnumerable())
            {
                try
                {
                    Durability.FlushFile(path);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    _failures.Enqueue(new IOException("cannot flush " + path + " to disk: " + e.Message, e));
                }
            }
        }
    }
}
