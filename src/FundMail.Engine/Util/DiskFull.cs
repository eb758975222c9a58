using System;
using System.IO;
using System.Runtime.InteropServices;

namespace FundMail.Util
{
    /// <summary>
    /// Whether a failure comes from a full disk anywhere in its chain. A full disk is a state of the machine, not of one
    /// mail: the batch must fail and be retried when space is back, never store the mail as damaged.
    /// </summary>
    internal static class DiskFull
    {
        private const int Enospc = 28; // Unix errno, which .NET keeps as the IOException's HResult
        private const int ErrorDiskFull = 112, ErrorHandleDiskFull = 39; // Windows, inside the HRESULT

        public static bool Caused(Exception? e)
        {
            for (; e != null; e = e.InnerException)
            {
                if (!(e is IOException io))
                    continue;
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                        ? (io.HResult & 0xFFFF) is ErrorDiskFull or ErrorHandleDiskFull
                        : io.HResult == Enospc)
                    return true;
            }
            return false;
        }
    }
}
