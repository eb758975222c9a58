using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace FundMail.Util
{
    /// <summary>
    /// Per-session scratch folders in <see cref="ScratchDirectories.Temp"/> for ad hoc reads (raw messages and decoded
    /// parts that nobody stored). The mails handed out point at these files (Save-FundMailDb moves them, a script may
    /// copy an attachment later), so a session lives as long as the process and is removed when it exits; sessions a
    /// killed process left behind are removed a day later, when a new one starts.
    /// </summary>
    public static class ScratchSpool
    {
        private static readonly List<string> Sessions = new List<string>();

        public static string NewSession()
        {
            var root = Path.Combine(ScratchDirectories.Prepare(), "sessions");
            Directory.CreateDirectory(root);
            foreach (var old in Directory.GetDirectories(root))
            {
                if (Directory.GetLastWriteTimeUtc(old) > DateTime.UtcNow.AddDays(-1))
                    continue;
                TryDelete(old);
            }
            var session = Path.Combine(root, DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(session);
            lock (Sessions)
            {
                if (Sessions.Count == 0)
                    AppDomain.CurrentDomain.ProcessExit += (sender, args) => RemoveSessions();
                Sessions.Add(session);
            }
            return session;
        }

        /// <summary>Off Windows, makes a new file in the scratch space readable by its owner only; other files are left alone.</summary>
        public static void RestrictIfScratch(string path)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && Paths.IsUnder(Path.GetFullPath(path), ScratchDirectories.Temp))
                OwnerOnly.RestrictToOwner(path);
        }

        private static void RemoveSessions()
        {
            lock (Sessions)
            {
                foreach (var session in Sessions)
                    TryDelete(session);
                Sessions.Clear();
            }
        }

        private static void TryDelete(string folder)
        {
            try
            {
                Directory.Delete(folder, true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
