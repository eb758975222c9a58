using System;

namespace FundMail.TestServers.Dovecot
{
    /// <summary>The system account that owns the test maildirs (Dovecot refuses to run mail processes as root).</summary>
    internal static class MailSystemUser
    {
        public const string Name = "fundmail-mail";

        private static readonly object Gate = new object();
        private static (int Uid, int Gid)? _ids;

        public static (int Uid, int Gid) Ensure()
        {
            lock (Gate)
            {
                if (_ids is { } known)
                    return known;
                if (!TryLookup(out var ids))
                {
                    ProcessRunner.Run("useradd", new[] { "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", Name }, TimeSpan.FromSeconds(30));
                    if (!TryLookup(out ids))
                        throw new InvalidOperationException("could not create system user " + Name);
                }
                _ids = ids;
                return ids;
            }
        }

        private static bool TryLookup(out (int Uid, int Gid) ids)
        {
            ids = default;
            var result = ProcessRunner.TryRun("getent", new[] { "passwd", Name }, TimeSpan.FromSeconds(10));
            if (result.ExitCode != 0)
                return false;
            var fields = result.Stdout.Trim().Split(':');
            ids = (int.Parse(fields[2]), int.Parse(fields[3]));
            return true;
        }
    }
}
