using System.Collections.Generic;

namespace FundMail.Sftp
{
    /// <summary>
    /// Whether an SFTP server offers what the full upload guarantee rests on. Without fsync@openssh.com a file gets its
    /// final name before the server has it on disk (a server crash can lose it); without posix-rename@openssh.com a file
    /// sent again is removed before its replacement is renamed into place. Uploads go on either way (see
    /// <see cref="SftpUploader"/>); status says which of the two the server lacks.
    /// </summary>
    public static class ServerDurability
    {
        public const string Full = "full";

        /// <summary>"full", or "reduced on HOST:PORT: the server lacks ..." naming each missing extension and what that costs.</summary>
        public static string Of(ISftpSession session, string where)
        {
            var missing = new List<string>();
            if (!session.SupportsFsync)
                missing.Add("fsync@openssh.com (files get their final name before they are flushed to its disk)");
            if (!session.SupportsPosixRename)
                missing.Add("posix-rename@openssh.com (a file sent again is removed just before its replacement is renamed into place)");
            return missing.Count == 0 ? Full : "reduced on " + where + ": the server lacks " + string.Join(" and ", missing);
        }
    }
}
