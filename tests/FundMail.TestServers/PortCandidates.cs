using System;
using System.Collections.Generic;

namespace FundMail.TestServers
{
    /// <summary>
    /// The ports one server start may try: given ones first (tests hand in a taken port on purpose), then free ones.
    /// A free port is released before the server binds it, so another process can take it meanwhile; a start that
    /// finds its port taken is retried on new ones, a bounded number of times.
    /// </summary>
    internal sealed class PortCandidates
    {
        public const int Attempts = 5;
        private readonly Queue<int> _first;
        private readonly HashSet<int> _given = new HashSet<int>();

        public PortCandidates(params int[] first)
        {
            _first = new Queue<int>(first);
        }

        /// <summary>A port not handed out before by this instance: two listeners of one server never share a port.</summary>
        public int Next()
        {
            while (true)
            {
                var port = _first.Count > 0 ? _first.Dequeue() : FreePort.Next();
                if (_given.Add(port))
                    return port;
            }
        }

        /// <summary>Runs <paramref name="start"/>, which takes its ports from <see cref="Next"/>, until it owns them.</summary>
        public void Retry(string server, Action start)
        {
            var taken = new List<int>();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    start();
                    return;
                }
                catch (PortTakenException e)
                {
                    taken.AddRange(e.Ports);
                    if (attempt == Attempts)
                        throw new PortTakenException(server, taken, Attempts);
                }
            }
        }
    }
}
