using System;
using System.IO;

namespace FundMail.Util
{
    /// <summary>
    /// Per-session scratch folders under the system temp folder for ad hoc reads (raw messages and decoded parts
    /// that nobody stored). Sessions older than a day are removed when a new one starts.
    /// </summary>
    public static class ScratchSpool
    {
        public static string NewSession()
        {
            var root = Path.Combine(ScratchDirectories.Temp, "sessions");
            Directory.CreateDirectory(root);
            foreach (var old in Directory.GetDirectories(root))
            {
                if (Directory.GetLastWriteTimeUtc(old) > DateTime.UtcNow.AddDays(-1))
                    continue;
                try
                {
                    Directory.Delete(old, true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
            var session = Path.Combine(root, DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(session);
            return session;
        }
    }
}
