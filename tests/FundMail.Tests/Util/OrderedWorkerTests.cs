using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Util
{
    public class OrderedWorkerTests
    {
        [Fact]
        public async Task Items_are_processed_in_posting_order_on_another_thread_while_the_producer_goes_on()
        {
            var done = new List<int>();
            var threads = new ConcurrentDictionary<int, bool>();
            using var worker = new OrderedWorker<int>(4, item =>
            {
                threads[Environment.CurrentManagedThreadId] = Thread.CurrentThread.IsThreadPoolThread;
                if (item % 7 == 0) Thread.Sleep(2);
                done.Add(item);
            });
            for (var i = 0; i < 200; i++)
                await worker.PostAsync(i, CancellationToken.None);
            await worker.CompleteAsync();

            Assert.Equal(Enumerable.Range(0, 200), done);
            Assert.False(Assert.Single(threads).Value, "one dedicated thread, not a pool thread the reader could need");
            Assert.True(worker.ProducerWaited > TimeSpan.Zero, "a producer ahead of a slower worker waits for a slot");
        }

        [Fact]
        public async Task The_first_failure_stops_the_worker_and_reaches_the_producer()
        {
            var done = new List<int>();
            using var worker = new OrderedWorker<int>(2, item =>
            {
                if (item == 3) throw new InvalidOperationException("item 3 is bad");
                done.Add(item);
            });
            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                for (var i = 0; i < 1000; i++)
                    await worker.PostAsync(i, CancellationToken.None);
                await worker.CompleteAsync();
            });

            Assert.Equal("item 3 is bad", error.Message);
            await worker.AbandonAsync();
            Assert.Equal(new[] { 0, 1, 2 }, done);
        }

        [Fact]
        public async Task Abandoning_drops_what_waits_and_returns_only_when_the_worker_is_idle()
        {
            using var gate = new ManualResetEventSlim();
            var started = 0;
            var finished = 0;
            using var worker = new OrderedWorker<int>(8, _ =>
            {
                Interlocked.Increment(ref started);
                gate.Wait();
                Interlocked.Increment(ref finished);
            });
            for (var i = 0; i < 5; i++)
                await worker.PostAsync(i, CancellationToken.None);
            while (Volatile.Read(ref started) == 0) await Task.Delay(1);

            var abandon = worker.AbandonAsync();
            Assert.False(abandon.IsCompleted, "the item in progress still runs");
            gate.Set();
            Assert.Equal(new[] { 1, 2, 3, 4 }, await abandon);

            Assert.Equal(1, started);
            Assert.Equal(1, finished);
        }

        [Fact]
        public async Task A_cancelled_producer_stops_waiting_for_a_slot()
        {
            using var gate = new ManualResetEventSlim();
            using var worker = new OrderedWorker<int>(1, _ => gate.Wait());
            await worker.PostAsync(1, CancellationToken.None); // holds the only slot until processed
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => worker.PostAsync(2, cancel.Token));
            gate.Set();
            await worker.AbandonAsync();
        }
    }
}
