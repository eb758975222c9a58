using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FundMail.PowerShell.Infrastructure;

namespace FundMail.PowerShell
{
    /// <summary>
    /// What every FundMail cmdlet shares: -EnvFile, Ctrl+C cancelling the engine, engine writes carried onto the
    /// pipeline thread, and engine failures turned into terminating errors with stable ids.
    /// </summary>
    public abstract class FundMailCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        /// <summary>The .env file to read. Default: .env in the current folder, else the file named by $env:FUNDMAIL_ENV. Process environment variables override its values.</summary>
        [Parameter]
        public string? EnvFile { get; set; }

        protected string CurrentDirectory => SessionState.Path.CurrentFileSystemLocation.ProviderPath;

        protected override void StopProcessing() => _cancel.Cancel();

        /// <summary>Runs engine work; its writes go through the pump, its failure ends the cmdlet with an ErrorRecord.</summary>
        internal void Run(Func<PipelinePump, CancellationToken, Task> work, object? target = null)
        {
            var pump = new PipelinePump();
            try
            {
                pump.Run(ct => work(pump, ct), _cancel);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                ThrowTerminatingError(ErrorRecords.From(e is AggregateException a && a.InnerException != null ? a.InnerException : e, target));
            }
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
                ThrowTerminatingError(ErrorRecords.From(e, target));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        internal FundMail.Config.ConfigSource LoadConfig() => FundMail.Config.ConfigSource.Load(EnvFile, CurrentDirectory);
    }
}
