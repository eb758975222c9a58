using System.IO;
using FundMail.TestServers.Pki;

namespace FundMail.TestServers.Cyrus
{
    /// <summary>
    /// Writes a self-contained Cyrus configuration into one temp folder: imapd on 127.0.0.1 only (implicit TLS and
    /// plain with STARTTLS), run as <c>systemUser</c>, one user in a private sasldb (PLAIN/LOGIN), its INBOX created at first login, and no
    /// 8-bit header munging, so delivered bytes come back unchanged.
    /// </summary>
    internal static class CyrusConfigWriter
    {
        public const string ServerName = "fundmail-cyrus";

        public static void Write(CyrusPaths paths, CyrusOptions options, int imapsPort, int imapPort, string systemUser)
        {
            foreach (var folder in new[] { paths.ConfigDirectory, paths.Spool, Path.Combine(paths.Run, "proc"), Path.Combine(paths.Run, "lock"), Path.Combine(paths.Run, "socket") })
                Directory.CreateDirectory(folder);
            TestPki.WritePem(options.ServerCertificate, paths.CertFile, paths.KeyFile);
            File.WriteAllText(paths.ImapdConf, ImapdConf(paths, systemUser));
            File.WriteAllText(paths.CyrusConf, CyrusConf(paths, imapsPort, imapPort));
        }

        private static string ImapdConf(CyrusPaths paths, string systemUser) =>
$@"cyrus_user: {systemUser}
cyrus_group: {systemUser}
configdirectory: {paths.ConfigDirectory}
defaultpartition: default
partition-default: {paths.Spool}
proc_path: {paths.Run}/proc
mboxname_lockpath: {paths.Run}/lock
lmtpsocket: {paths.Run}/socket/lmtp
idlesocket: {paths.Run}/socket/idle
notifysocket: {paths.Run}/socket/notify
servername: {ServerName}
syslog_prefix: {ServerName}
altnamespace: no
unixhierarchysep: no
hashimapspool: false
autocreate_quota: 0
munge8bit: no
failedloginpause: 0
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: {paths.SaslDb}
sasl_mech_list: PLAIN LOGIN
allowplaintext: yes
tls_server_cert: {paths.CertFile}
tls_server_key: {paths.KeyFile}
tls_versions: tls1_2 tls1_3
";

        // Each command names the config itself rather than rely on what the master passes on.
        private static string CyrusConf(CyrusPaths paths, int imapsPort, int imapPort) =>
$@"START {{
  recover cmd=""{CyrusPaths.CtlCyrusdb} -C {paths.ImapdConf} -r""
}}
SERVICES {{
  imap cmd=""{CyrusPaths.Imapd} -C {paths.ImapdConf}"" listen=""127.0.0.1:{imapPort}"" prefork=0
  imaps cmd=""{CyrusPaths.Imapd} -s -C {paths.ImapdConf}"" listen=""127.0.0.1:{imapsPort}"" prefork=0
}}
EVENTS {{
}}
";
    }
}
