using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Util
{
    /// <summary>Waiting on a shared task with one caller's token (netstandard2.0 has no Task.WaitAsync).</summary>
    internal static class TaskCancellation
    {
        /// <summary>The task's result, or OperationCanceledException once ct fires; the task itself runs on.</summary>
        public static async Task<T> WithCancellation<T>(this Task<T> task, CancellationToken ct)
        {
            if (!ct.CanBeCanceled || task.IsCompleted) return await task.ConfigureAwait(false);
            var cancelled = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (ct.Register(() => cancelled.TrySetCanceled(ct)))
                return await (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }
}
