using System;
using System.Runtime.InteropServices;

namespace FundMail.Host
{
    /// <summary>
    /// Caps glibc's malloc arenas for the rest of the process. By default every thread that mallocs (SQLite, OpenSSL, the
    /// JIT) gets an arena of its own, up to 8 per core, and each keeps the memory its thread freed: a 2,000-mail cycle
    /// spread ~20 MB over a dozen arenas. Arenas created before Main (the runtime's own threads) stay; every later thread
    /// shares these two. Measured on that cycle, with re-JIT after 10,000 calls: peak RSS 152–164 → 142–147 MB, wall time
    /// unchanged. Not Linux with glibc: nothing to do.
    /// </summary>
    internal static class MallocArenas
    {
        private const int M_ARENA_MAX = -8;
        private const int Arenas = 2;

        [DllImport("libc.so.6", EntryPoint = "mallopt")]
        private static extern int MallOpt(int parameter, int value);

        public static void Limit()
        {
            if (!OperatingSystem.IsLinux()) return;
            try
            {
                MallOpt(M_ARENA_MAX, Arenas);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                // Not glibc (musl has no arenas to cap).
            }
        }
    }
}
