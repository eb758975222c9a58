using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Globalization;
using System.IO;
using System.Linq;

namespace FundMail.TestServers.Dovecot
{
    /// <summary>
    /// A server's processes by parent pid, from /proc, and how the harness stops, kills or freezes them all. A process busy
    /// writing to a slow client can outlive its master's shutdown; the harness must end those too, or they keep sockets
    /// and temp files alive.
    /// </summary>
    internal static class ProcessTree
    {
        public static IReadOnlyList<int> Descendants(int root)
        {
            var parents = new Dictionary<int, int>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                    continue;
                try
                {
                    // Format: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                    parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The process ended while we looked.
                }
            }
            var found = new List<int>();
            var queue = new Queue<int>(new[] { root });
            while (queue.Count > 0)
            {
                var parent = queue.Dequeue();
                foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
                {
                    found.Add(child);
                    queue.Enqueue(child);
                }
            }
            return found;
        }

        public static bool IsAlive(int pid)
        {
            try
            {
                var stat = File.ReadAllText("/proc/" + pid + "/stat");
                return stat.Substring(stat.LastIndexOf(')') + 2, 1) != "Z";
            }
            catch (IOException)
            {
                return false;
            }
        }

        /// <summary>
        /// Stops a server the way an admin would (SIGTERM to its master). The master waits for its children, and a child
        /// stuck writing to a client that is not reading never ends: after a short grace period the whole tree is killed,
        /// as a crashing server would be.
        /// </summary>
        public static void Stop(Process master)
        {
            if (master.HasExited)
                return;
            var children = Descendants(master.Id);
            ProcessRunner.TryRun("kill", new[] { "-TERM", master.Id.ToString() }, TimeSpan.FromSeconds(5));
            if (!master.WaitForExit(3000))
            {
                KillAll(children);
                master.Kill(entireProcessTree: true);
            }
            // Children inherit the output pipes: they must be gone before the final wait, which waits for pipe EOF.
            var deadline = DateTime.UtcNow.AddSeconds(2);
            while (children.Any(IsAlive) && DateTime.UtcNow < deadline)
                Thread.Sleep(50);
            KillAll(children);
            master.WaitForExit();
        }

        /// <summary>Kills a server and every process it started, mid-transfer if one is running.</summary>
        public static void Kill(Process server)
        {
            try
            {
                server.Kill(entireProcessTree: true);
                server.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        /// <summary>Stops (SIGSTOP) or resumes (SIGCONT) a server and its descendants: a server that hangs without closing.</summary>
        public static void Freeze(Process server, bool frozen)
        {
            foreach (var pid in Descendants(server.Id).Prepend(server.Id))
                ProcessRunner.TryRun("kill", new[] { frozen ? "-STOP" : "-CONT", pid.ToString() }, TimeSpan.FromSeconds(5));
        }

        private static void KillAll(IReadOnlyList<int> pids)
        {
            var alive = pids.Where(IsAlive).Select(pid => pid.ToString()).ToList();
            if (alive.Count > 0)
                ProcessRunner.TryRun("kill", new[] { "-KILL" }.Concat(alive), TimeSpan.FromSeconds(5));
        }
    }
}
