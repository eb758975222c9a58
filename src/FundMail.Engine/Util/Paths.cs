using System;
using System.IO;

namespace FundMail.Util
{
    public static class Paths
    {
        /// <summary>True when <paramref name="path"/> lies strictly inside <paramref name="directory"/> (both absolute).</summary>
        public static bool IsUnder(string path, string directory) =>
            path.StartsWith(directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
