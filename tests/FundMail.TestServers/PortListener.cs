using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace FundMail.TestServers
{
    /// <summary>
    /// Which process listens where clients of 127.0.0.1:PORT connect, from Linux's /proc. A connect probe cannot tell:
    /// whoever holds the port answers it, also another test run's server that took the port first.
    /// </summary>
    internal static class PortListener
    {
        // Local addresses that take connections to 127.0.0.1 (127.0.0.1 and 0.0.0.0), as /proc/net/tcp prints them.
        private static readonly string[] LoopbackReachable = { "0100007F", "00000000" };
        private const string ListenState = "0A";

        /// <summary>Listening sockets for 127.0.0.1:<paramref name="port"/> open in process <paramref name="pid"/>, and in others.</summary>
        public static (int Ours, int Others) Count(int port, int pid)
        {
            var listening = ListeningInodes(port);
            var ours = listening.Count(SocketInodes(pid).Contains);
            return (ours, listening.Count - ours);
        }

        private static List<string> ListeningInodes(int port)
        {
            var inodes = new List<string>();
            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ..."
            foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] == ListenState && LoopbackReachable.Contains(local[0])
                    && int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                    inodes.Add(fields[9]);
            }
            return inodes;
        }

        /// <summary>Inodes of the sockets open in a process: its /proc/PID/fd links read "socket:[INODE]".</summary>
        private static HashSet<string> SocketInodes(int pid)
        {
            var inodes = new HashSet<string>();
            try
            {
                foreach (var fd in Directory.EnumerateFiles("/proc/" + pid + "/fd"))
                {
                    var target = LinkTarget(fd);
                    if (target != null && target.StartsWith("socket:[", StringComparison.Ordinal))
                        inodes.Add(target.Substring(8, target.Length - 9));
                }
            }
            catch (DirectoryNotFoundException)
            {
                // The process has ended: it owns nothing.
            }
            return inodes;
        }

        private static string? LinkTarget(string fd)
        {
            try
            {
                return new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                // The descriptor was closed while we looked.
                return null;
            }
        }
    }
}
