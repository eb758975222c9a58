using System;
using System.IO;

namespace FundMail.TestServers.Dovecot
{
    /// <summary>Where one test Dovecot keeps its files. Short paths: unix socket names under base_dir are limited to ~100 bytes.</summary>
    internal sealed class DovecotPaths
    {
        public DovecotPaths(string? keyDirectory)
        {
            var id = Guid.NewGuid().ToString("N").Substring(0, 10);
            InstanceName = "fundmail-" + id;
            Root = Path.Combine(Path.GetTempPath(), "fmdc-" + id);
            KeyDirectory = keyDirectory ?? Path.Combine(Root, "keys");
        }

        public string InstanceName { get; }
        public string Root { get; }
        public string KeyDirectory { get; }
        public string ConfigFile => Path.Combine(Root, "dovecot.conf");
        public string OAuth2File => Path.Combine(Root, "oauth2.conf");
        public string UsersFile => Path.Combine(Root, "users");
        public string CertFile => Path.Combine(Root, "cert.pem");
        public string KeyFile => Path.Combine(Root, "key.pem");
        public string LogFile => Path.Combine(Root, "dovecot.log");
        public string HomeRoot => Path.Combine(Root, "home");
        public string PidFile => Path.Combine(Root, "run", "master.pid");

        public string HomeOf(string user) => Path.Combine(HomeRoot, user.ToLowerInvariant());
    }
}
