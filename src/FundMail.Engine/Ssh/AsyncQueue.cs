using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Ssh
{
    /// <summary>
    /// An unbounded queue with one consumer at a time, async take and a terminal error (netstandard2.0 has no Channel&lt;T&gt;).
    /// A waiting consumer gets the item handed over directly and its continuation runs on the producer's thread: the
    /// consumers here (dispatcher, SFTP reader) do little before they wait again, and a thread-pool hop per received
    /// packet would cost more than that work. Handing over happens outside the lock.
    /// </summary>
    internal sealed class AsyncQueue<T>
    {
        private readonly Queue<T> _items = new Queue<T>();
        private readonly object _gate = new object();
        private TaskCompletionSource<T>? _waiter;
        private Exception? _error;

        public void Enqueue(T item)
        {
            TaskCompletionSource<T>? waiter;
            lock (_gate)
            {
                waiter = _waiter;
                _waiter = null;
                if (waiter == null) _items.Enqueue(item);
            }
            // A waiter cancelled in between did not take the item: keep it for the next take.
            if (waiter != null && !waiter.TrySetResult(item))
                lock (_gate) _items.Enqueue(item);
        }

        /// <summary>Wakes the waiter with this error once the queued items are taken.</summary>
        public void Fail(Exception error)
        {
            TaskCompletionSource<T>? waiter;
            lock (_gate)
            {
                if (_error != null) return;
                _error = error;
                waiter = _waiter;
                _waiter = null;
            }
            waiter?.TrySetException(Rethrowable(error));
        }

        public Task<T> TakeAsync(CancellationToken ct)
        {
            TaskCompletionSource<T> waiter;
            lock (_gate)
            {
                if (_items.Count > 0) return Task.FromResult(_items.Dequeue());
                if (_error != null) return Task.FromException<T>(Rethrowable(_error));
                if (_waiter != null) throw new InvalidOperationException("AsyncQueue has one consumer at a time");
                waiter = _waiter = new TaskCompletionSource<T>();
            }
            if (ct.CanBeCanceled) return WithCancellation(waiter, ct);
            return waiter.Task;
        }

        private async Task<T> WithCancellation(TaskCompletionSource<T> waiter, CancellationToken ct)
        {
            using (ct.Register(() =>
            {
                lock (_gate)
                    if (_waiter == waiter) _waiter = null;
                waiter.TrySetCanceled();
            }))
                return await waiter.Task.ConfigureAwait(false);
        }

        private static Exception Rethrowable(Exception error) =>
            error is SshConnectionException c ? new SshConnectionException(c.Message, c) : error;
    }
}
