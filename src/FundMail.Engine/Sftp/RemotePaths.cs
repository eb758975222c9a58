namespace FundMail.Sftp
{
    /// <summary>'/'-separated server paths: "." is the session's start directory, "/" the root.</summary>
    internal static class RemotePaths
    {
        public static string DirectoryOf(string remotePath)
        {
            var slash = remotePath.LastIndexOf('/');
            return slash < 0 ? "." : slash == 0 ? "/" : remotePath.Substring(0, slash);
        }

        /// <summary>The last segment: the file's own name.</summary>
        public static string NameOf(string remotePath) => remotePath.Substring(remotePath.LastIndexOf('/') + 1);

        /// <summary>The directory holding this one, or null for "." and "/" (which always exist).</summary>
        public static string? ParentOf(string directory)
        {
            var trimmed = directory.TrimEnd('/');
            if (trimmed.Length == 0 || trimmed == ".") return null;
            var parent = DirectoryOf(trimmed);
            return parent == "." || parent == "/" ? null : parent;
        }
    }
}
