using System;
using System.IO;

namespace FundMail.TestServers.Cyrus
{
    /// <summary>Where one test Cyrus keeps its files, and where scripts/install-deps unpacked Cyrus (see <see cref="Install"/>).</summary>
    internal sealed class CyrusPaths
    {
        /// <summary>
        /// Debian's cyrus-common, cyrus-imapd and sasl2-bin unpacked, not installed: cyrus-imapd conflicts with dovecot-imapd
        /// and cyrus-common pulls in a mail transport agent.
        /// </summary>
        public const string Install = "/var/cache/fundmail/cyrus";

        public const string Master = Install + "/usr/sbin/cyrmaster";
        public const string Imapd = Install + "/usr/lib/cyrus/bin/imapd";
        public const string CtlCyrusdb = Install + "/usr/lib/cyrus/bin/ctl_cyrusdb";
        public const string SaslPasswd = Install + "/usr/sbin/saslpasswd2";

        /// <summary>Cyrus's own shared libraries (libcyrus*.so), for LD_LIBRARY_PATH.</summary>
        public static string LibraryPath => string.Join(":", Directory.GetDirectories(Install + "/usr/lib", "*-linux-gnu"));

        public CyrusPaths()
        {
            Root = Path.Combine(Path.GetTempPath(), "fmcy-" + Guid.NewGuid().ToString("N").Substring(0, 10));
        }

        public string Root { get; }
        public string ImapdConf => Path.Combine(Root, "imapd.conf");
        public string CyrusConf => Path.Combine(Root, "cyrus.conf");
        public string ConfigDirectory => Path.Combine(Root, "conf");
        public string Spool => Path.Combine(Root, "spool");
        public string Run => Path.Combine(Root, "run");
        public string PidFile => Path.Combine(Run, "master.pid");
        public string SaslDb => Path.Combine(Root, "sasldb2");
        public string CertFile => Path.Combine(Root, "cert.pem");
        public string KeyFile => Path.Combine(Root, "key.pem");
    }
}
