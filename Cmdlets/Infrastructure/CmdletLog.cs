using System.Management.Automation;
using FundMail.Logging;

namespace FundMail.PowerShell.Infrastructure
{
    /// <summary>
    /// Engine events as the debug, verbose and warning streams: protocol and per-message detail with -Debug, one line per
    /// phase or batch with -Verbose (Info too: cmdlets stay quiet by default).
    /// </summary>
    internal sealed class CmdletLog : ILog
    {
        private readonly Cmdlet _cmdlet;
        private readonly PipelinePump _pump;

        public CmdletLog(Cmdlet cmdlet, PipelinePump pump)
        {
            _cmdlet = cmdlet;
            _pump = pump;
        }

        public void Write(LogLevel level, string message)
        {
            switch (level)
            {
                case LogLevel.Warning:
                case LogLevel.Error:
                    _pump.Post(() => _cmdlet.WriteWarning(message));
                    break;
                case LogLevel.Debug:
                    _pump.Post(() => _cmdlet.WriteDebug(message));
                    break;
                default:
                    _pump.Post(() => _cmdlet.WriteVerbose(message));
                    break;
            }
        }
    }
}
