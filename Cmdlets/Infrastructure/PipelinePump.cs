using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.PowerShell.Infrastructure
{
    /// <summary>
    /// PowerShell accepts WriteObject, WriteVerbose, WriteProgress and friends only on the pipeline thread, while the
    /// engine is asynchronous and reports from whatever thread its I/O completes on. The pump runs the engine's work
    /// in the background and carries out every posted write on the calling (pipeline) thread, in order.
    /// </summary>
    internal sealed class PipelinePump
    {
        private readonly BlockingCollection<Action> _writes = new BlockingCollection<Action>();

        /// <summary>Queues a write to run on the pipeline thread; callable from any thread.</summary>
        public void Post(Action write)
        {
            try
            {
                _writes.Add(write);
            }
            catch (InvalidOperationException)
            {
                // The pipeline already stopped listening (Ctrl+C or a failed write): nothing left to show.
            }
        }

        /// <summary>Runs <paramref name="work"/> to completion while pumping its writes.</summary>
        /// <returns>
        /// The work's own failure, or null. A failed write (the pipeline stopped, a downstream command failed) is thrown
        /// as it is instead: it is PowerShell's, not this command's to report.
        /// </returns>
        public Exception? Run(Func<CancellationToken, Task> work, CancellationTokenSource cancel)
        {
            var task = Task.Run(async () =>
            {
                try
                {
                    await work(cancel.Token).ConfigureAwait(false);
                }
                finally
                {
                    _writes.CompleteAdding();
                }
            });
            try
            {
                foreach (var write in _writes.GetConsumingEnumerable())
                    write();
            }
            catch
            {
                // A write failed (typically PipelineStoppedException): stop the engine, then let the write's error win.
                cancel.Cancel();
                try
                {
                    task.Wait();
                }
                catch (AggregateException)
                {
                }
                throw;
            }
            try
            {
                task.GetAwaiter().GetResult();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }
}
