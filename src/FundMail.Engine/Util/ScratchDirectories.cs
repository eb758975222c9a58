using System;
using System.IO;
using System.Runtime.InteropServices;

namespace FundMail.Util
{
    /// <summary>
    /// FundMail's own scratch space, where files may be moved and deleted freely. It holds whole mails, so only this
    /// user may enter it: on Windows %TEMP%\FundMail (the temp folder is per user there); elsewhere
    /// $XDG_RUNTIME_DIR/fundmail, else /tmp/fundmail-&lt;uid&gt;, a folder of mode 0700 that must be ours and not a link.
    /// </summary>
    public static class ScratchDirectories
    {
        public static string Temp { get; } = ChooseRoot();

        /// <summary>Creates <see cref="Temp"/> if needed and checks (off Windows, makes) it private; returns it.</summary>
        public static string Prepare()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                Directory.CreateDirectory(Temp);
            else
                OwnerOnly.CreatePrivateDirectory(Temp);
            return Temp;
        }

        private static string ChooseRoot()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return Path.Combine(Path.GetTempPath(), "FundMail");
            var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            if (!string.IsNullOrEmpty(runtime) && Path.IsPathRooted(runtime))
                return Path.Combine(runtime, "fundmail");
            return Path.Combine("/tmp", "fundmail-" + OwnerOnly.UserId);
        }
    }
}
