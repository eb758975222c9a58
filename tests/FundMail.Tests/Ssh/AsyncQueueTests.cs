using System;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;
using Xunit;

namespace FundMail.Tests.Ssh
{
    /// <summary>The receive queue hands items straight to a waiting consumer, loses none to a cancelled take, and fails last.</summary>
    public sealed class AsyncQueueTests
    {
        [Fact]
        public async Task A_waiting_consumer_resumes_on_the_producer_thread_with_the_item()
        {
            var queue = new AsyncQueue<int>();
            var producerThread = 0;
            var consumer = queue.TakeAsync(CancellationToken.None)
                .ContinueWith(t => (t.Result, Environment.CurrentManagedThreadId), TaskContinuationOptions.ExecuteSynchronously);
            var producer = new Thread(() =>
            {
                producerThread = Environment.CurrentManagedThreadId;
                queue.Enqueue(42);
            });
            producer.Start();
            producer.Join();
            var (value, thread) = await consumer;
            Assert.Equal(42, value);
            Assert.Equal(producerThread, thread);
        }

        [Fact]
        public async Task Items_queue_in_order_and_a_cancelled_take_loses_nothing()
        {
            var queue = new AsyncQueue<int>();
            using (var cancel = new CancellationTokenSource())
            {
                var take = queue.TakeAsync(cancel.Token);
                cancel.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => take);
            }
            queue.Enqueue(1);
            queue.Enqueue(2);
            Assert.Equal(1, await queue.TakeAsync(CancellationToken.None));
            Assert.Equal(2, await queue.TakeAsync(CancellationToken.None));
        }

        [Fact]
        public async Task Failure_comes_after_the_queued_items_and_wakes_a_waiter()
        {
            var queue = new AsyncQueue<int>();
            var waiting = queue.TakeAsync(CancellationToken.None);
            queue.Fail(new SshConnectionException("gone"));
            Assert.Equal("gone", (await Assert.ThrowsAsync<SshConnectionException>(() => waiting)).Message);

            var other = new AsyncQueue<int>();
            other.Enqueue(7);
            other.Fail(new SshConnectionException("closed"));
            Assert.Equal(7, await other.TakeAsync(CancellationToken.None));
            await Assert.ThrowsAsync<SshConnectionException>(() => other.TakeAsync(CancellationToken.None));
        }
    }
}
