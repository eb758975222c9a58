using System.Runtime.InteropServices;
using System.Threading;

namespace FundMail.Bench
{
    /// <summary>
    /// Ctrl+C or SIGTERM ends a run cleanly: the running contender is killed, then the delayed link comes down and the
    /// servers stop (the runtime's default would end the process with its servers and namespace left behind).
    /// </summary>
    internal static class Interrupt
    {
        private static readonly CancellationTokenSource Source = new CancellationTokenSource();
        private static PosixSignalRegistration? _int, _term;

        public static CancellationToken Token => Source.Token;

        public static void Install()
        {
            _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
            _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        }

        private static void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            Source.Cancel();
        }
    }
}
