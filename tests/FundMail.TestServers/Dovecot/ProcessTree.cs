using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace FundMail.TestServers.Dovecot
{
    /// <summary>
    /// Dovecot's children by parent pid, from /proc. A mail process busy writing to a slow client can outlive its
    /// master's shutdown; the harness must end those too, or they keep sockets and temp files alive.
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
    }
}
