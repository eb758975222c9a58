using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Util
{
    /// <summary>
    /// Runs <c>work</c> on each posted item, in posting order, on one dedicated thread, so a producer (the IMAP reader)
    /// goes on while earlier items are processed. At most <c>capacity</c> items wait: a producer that gets ahead waits
    /// for a free slot (that wait is not its busy time). The first failure of <c>work</c> stops the worker and is thrown
    /// to the producer at its next <see cref="PostAsync"/>, or by <see cref="CompleteAsync"/>.
    /// </summary>
    internal sealed class OrderedWorker<T> : IDisposable
    {
        private readonly BlockingQueue<T> _items = new BlockingQueue<T>();
        private readonly SemaphoreSlim _slots;
        private readonly CancellationTokenSource _failed = new CancellationTokenSource();
        private readonly Action<T> _work;
        private readonly Task _consumer;
        private readonly Stopwatch _waiting = new Stopwatch();
        private readonly List<T> _dropped = new List<T>();
        private volatile bool _abandoned;
        private volatile Exception? _failure;

        public OrderedWorker(int capacity, Action<T> work)
        {
            if (capacity < 1)
                throw new ArgumentOutOfRangeException(nameof(capacity), "capacity must be at least 1");
            _slots = new SemaphoreSlim(capacity, capacity);
            _work = work;
            _consumer = Task.Factory.StartNew(Consume, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Time producers spent waiting for a free slot (the worker was the slower stage).</summary>
        public TimeSpan ProducerWaited => _waiting.Elapsed;

        public async Task PostAsync(T item, CancellationToken cancellationToken)
        {
            ThrowIfFailed();
            if (!_slots.Wait(0))
            {
                _waiting.Start();
                try
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _failed.Token);
                    await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_failed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    ThrowIfFailed();
                    throw;
                }
                finally
                {
                    _waiting.Stop();
                }
            }
            _items.Add(item);
        }

        /// <summary>No more items: waits until every posted item is processed, then throws the worker's failure if any.</summary>
        public async Task CompleteAsync()
        {
            _items.CompleteAdding();
            await _consumer.ConfigureAwait(false);
            ThrowIfFailed();
        }

        /// <summary>
        /// Stops without processing what still waits (the producer failed) and returns once the worker thread is idle,
        /// so whatever it writes to can be cleaned up safely. Never throws.
        /// </summary>
        /// <returns>The items that were posted but never processed.</returns>
        public async Task<IReadOnlyList<T>> AbandonAsync()
        {
            _abandoned = true;
            if (!_items.IsAddingCompleted)
                _items.CompleteAdding();
            await _consumer.ConfigureAwait(false);
            return _dropped;
        }

        public void Dispose()
        {
            _slots.Dispose();
            _failed.Dispose();
        }

        private void Consume()
        {
            foreach (var item in _items.GetConsumingEnumerable())
            {
                if (_abandoned || _failure != null)
                {
                    _dropped.Add(item);
                    continue;
                }
                try
                {
                    _work(item);
                }
                catch (Exception e)
                {
                    _failure = e;
                    _failed.Cancel();
                }
                _slots.Release();
            }
        }

        /// <summary>Throws the worker's failure, if it had one (the producer may have seen it wrapped in its own error).</summary>
        public void ThrowIfFailed()
        {
            if (_failure != null)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_failure).Throw();
        }
    }
}
