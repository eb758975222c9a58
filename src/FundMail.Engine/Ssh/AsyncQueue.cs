using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Ssh
{
    /// <summary>An unbounded producer/consumer queue with async take and a terminal error (netstandard2.0 has no Channel&lt;T&gt;).</summary>
    internal sealed class AsyncQueue<T>
    {
        private readonly Queue<T> _items = new Queue<T>();
        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
        private readonly object _gate = new object();
        private Exception? _error;

        public void Enqueue(T item)
        {
            lock (_gate) _items.Enqueue(item);
            _available.Release();
        }

        /// <summary>Wakes every waiter with this error once the queued items are taken.</summary>
        public void Fail(Exception error)
        {
            lock (_gate)
            {
                if (_error != null) return;
                _error = error;
            }
            _available.Release(int.MaxValue / 2);
        }

        public async Task<T> TakeAsync(CancellationToken ct)
        {
            await _available.WaitAsync(ct).ConfigureAwait(false);
            lock (_gate)
            {
                if (_items.Count > 0) return _items.Dequeue();
                _available.Release();
                throw Rethrowable(_error!);
            }
        }

        private static Exception Rethrowable(Exception error) =>
            error is SshConnectionException c ? new SshConnectionException(c.Message, c) : error;
    }
}
