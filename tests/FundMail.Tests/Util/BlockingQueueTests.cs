using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Util
{
    public class BlockingQueueTests
    {
        [Fact]
        public async Task Several_takers_get_every_item_once_and_stop_when_adding_is_complete()
        {
            var queue = new BlockingQueue<int>();
            var taken = new ConcurrentBag<int>();
            var takers = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
            {
                foreach (var item in queue.GetConsumingEnumerable())
                    taken.Add(item);
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
            for (var i = 0; i < 10_000; i++)
                queue.Add(i);
            queue.CompleteAdding();
            await Task.WhenAll(takers).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(Enumerable.Range(0, 10_000), taken.OrderBy(i => i));
        }

        [Fact]
        public async Task A_waiting_taker_wakes_for_an_item_added_later()
        {
            var queue = new BlockingQueue<string>();
            var first = Task.Run(() => queue.GetConsumingEnumerable().First());
            await Task.Delay(100);
            Assert.False(first.IsCompleted);
            queue.Add("late");
            Assert.Equal("late", await first.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        [Fact]
        public void Items_left_can_be_drained_and_no_item_is_taken_after_completion()
        {
            var queue = new BlockingQueue<int>();
            queue.Add(1);
            queue.Add(2);
            queue.CompleteAdding();
            Assert.True(queue.IsAddingCompleted);
            Assert.Throws<InvalidOperationException>(() => queue.Add(3));
            Assert.True(queue.TryTake(out var one));
            Assert.Equal(1, one);
            Assert.Equal(new[] { 2 }, queue.GetConsumingEnumerable().ToArray());
            Assert.False(queue.TryTake(out _));
        }
    }
}
