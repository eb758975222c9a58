using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace FundMail.TestServers
{
    /// <summary>The readiness wait of a server process that binds ports from its config file: ready once it owns them.</summary>
    internal static class PortOwnership
    {
        /// <summary>
        /// Returns when <paramref name="process"/> itself listens on every port and nobody else does; throws
        /// <see cref="PortTakenException"/> if another process holds one when the server exits or times out.
        /// </summary>
        public static void Wait(string server, Process process, IReadOnlyList<int> ports, TimeSpan timeout, Func<string> diagnostics)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var listeners = ports.Select(port => (Port: port, Count: PortListener.Count(port, process.Id))).ToList();
                if (listeners.All(l => l.Count.Ours > 0 && l.Count.Others == 0))
                    return;
                var exited = process.HasExited;
                if (exited || DateTime.UtcNow > deadline)
                {
                    var taken = listeners.Where(l => l.Count.Others > 0).Select(l => l.Port).ToList();
                    if (taken.Count > 0)
                        throw new PortTakenException(server, taken);
                    var why = exited ? "exited with code " + process.ExitCode : "did not listen within " + timeout;
                    throw new InvalidOperationException(server + " " + why + " on " + string.Join(", ", ports.Select(p => "127.0.0.1:" + p)) + ": " + diagnostics());
                }
                Thread.Sleep(50);
            }
        }
    }
}
