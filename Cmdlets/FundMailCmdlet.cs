using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FundMail.PowerShell.Infrastructure;

namespace FundMail.PowerShell
{
    /// <summary>
    /// What every FundMail cmdlet shares: -EnvFile, Ctrl+C cancelling the engine, engine writes carried onto the
    /// pipeline thread, and engine failures turned into errors with stable ids: terminating when the whole command
    /// cannot go on, non-terminating when one item of many failed.
    /// </summary>
    public abstract class FundMailCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        /// <summary>The .env file to read. Default: the file named by $env:FUNDMAIL_ENV, else .env in the current folder. An environment variable named FUNDMAIL_ plus a key (FUNDMAIL_HOST for HOST) overrides that key.</summary>
        [Parameter]
        public string? EnvFile { get; set; }

        protected string CurrentDirectory => SessionState.Path.CurrentFileSystemLocation.ProviderPath;

        /// <summary>Whether the command reads or writes local files, so a failed file operation is a ReadError or a WriteError.</summary>
        internal virtual System.IO.FileAccess LocalFileAccess => System.IO.FileAccess.Write;

        protected override void StopProcessing() => _cancel.Cancel();

        /// <summary>Runs engine work; its writes go through the pump, its failure ends the cmdlet with an ErrorRecord.</summary>
        internal void Run(Func<PipelinePump, CancellationToken, Task> work, object? target = null)
        {
            var failure = RunPumped(work);
            if (failure != null)
                ThrowTerminatingError(Describe(failure, target));
        }

        /// <summary>
        /// Runs engine work for one item of many (one file, say): its failure is a non-terminating error on that item, so
        /// the rest still run and -ErrorAction decides. Ctrl+C still ends the command.
        /// </summary>
        internal void RunItem(Func<PipelinePump, CancellationToken, Task> work, object target) => Run(work, target, _ => target);

        /// <summary>
        /// Runs engine work over many items whose failure may belong to one of them: <paramref name="failedItem"/> names
        /// that item (a non-terminating error on it) or returns null (the whole command failed: a terminating error on
        /// <paramref name="wholeTarget"/>).
        /// </summary>
        internal void Run(Func<PipelinePump, CancellationToken, Task> work, object wholeTarget, Func<Exception, object?> failedItem)
        {
            var failure = RunPumped(work);
            if (failure == null)
                return;
            var item = _cancel.IsCancellationRequested ? null : failedItem(failure);
            if (item == null)
                ThrowTerminatingError(Describe(failure, wholeTarget));
            WriteError(Describe(failure, item));
        }

        /// <summary>Runs quick work on the pipeline thread (reading settings, say), with the same error translation as <see cref="Run"/>.</summary>
        internal T Guard<T>(Func<T> work, object? target = null)
        {
            try
            {
                return work();
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                ThrowTerminatingError(Describe(e, target));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        internal FundMail.Config.ConfigSource LoadConfig() => FundMail.Config.ConfigSource.Load(EnvFile, CurrentDirectory);

        private Exception? RunPumped(Func<PipelinePump, CancellationToken, Task> work)
        {
            var pump = new PipelinePump();
            var failure = pump.Run(ct => work(pump, ct), _cancel);
            return failure is AggregateException a && a.InnerException != null ? a.InnerException : failure;
        }

        private ErrorRecord Describe(Exception e, object? target) => ErrorRecords.From(e, target, LocalFileAccess);
    }
}
