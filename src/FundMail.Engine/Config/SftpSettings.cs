using System;
using System.Linq;
using System.Text.RegularExpressions;
using FundMail.Sftp;

namespace FundMail.Config
{
    /// <summary>The SFTP server the stored files go to. The host key must be pinned: there is no "accept any key".</summary>
    public sealed class SftpSettings
    {
        private static readonly Regex Fingerprint = new Regex("^SHA256:[A-Za-z0-9+/]{43}=?$");

        private SftpSettings(SftpConnectOptions connect, string remoteDirectory)
        {
            Connect = connect;
            RemoteDirectory = remoteDirectory;
        }

        public SftpConnectOptions Connect { get; }

        /// <summary>Where files go on the server ('/'-separated); relative paths start at the SFTP login folder.</summary>
        public string RemoteDirectory { get; }

        /// <summary>Where a file goes on the server, from its path relative to BASE_DIR ('/'-separated).</summary>
        public string RemotePath(string relative) => RemoteDirectory == "/" ? "/" + relative : RemoteDirectory + "/" + relative;

        public static SftpSettings Read(ConfigSource source) => ConfigReader.Validate(source, Read);

        internal static SftpSettings Read(ConfigReader reader)
        {
            var host = reader.Required(ConfigKeys.SftpHost, "the SFTP server's host name");
            var port = reader.Integer(ConfigKeys.SftpPort, 22, 1, 65535, "the SFTP server's port");
            var timeout = reader.Integer(ConfigKeys.SftpTimeout, 60, 5, 3600, "seconds to wait for the SFTP server");
            var connect = new SftpConnectOptions
            {
                Host = host,
                Port = port,
                User = reader.Required(ConfigKeys.SftpUser, "the SFTP user name"),
                Password = reader.OptionalSecret(ConfigKeys.SftpPassword),
                PrivateKeyFile = reader.ExistingFile(ConfigKeys.SftpKeyFile, "OpenSSH private key"),
                PrivateKeyPassphrase = reader.OptionalSecret(ConfigKeys.SftpKeyPassphrase),
                KnownHostsFile = reader.ExistingFile(ConfigKeys.SftpKnownHosts, "known_hosts"),
                ConnectTimeout = TimeSpan.FromSeconds(Math.Min(timeout, 30)),
                OperationTimeout = TimeSpan.FromSeconds(timeout),
            };
            var pinned = (reader.Optional(ConfigKeys.SftpHostKey) ?? "")
                .Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries).ToArray();
            foreach (var fingerprint in pinned.Where(f => !Fingerprint.IsMatch(f)))
                reader.Problem(ConfigKeys.SftpHostKey, "'" + fingerprint + "' is not a SHA256 fingerprint like SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s");
            connect.HostKeyFingerprints = pinned;

            if (pinned.Length == 0 && reader.Optional(ConfigKeys.SftpKnownHosts) == null)
                reader.Problem(ConfigKeys.SftpHostKey, "is missing; pin the server's host key: run `ssh-keyscan -p " + port + " " + host +
                                                       " | ssh-keygen -lf -` on a trusted network, check it with the server's admin, and put its SHA256:... here (or set SFTP_KNOWN_HOSTS)");
            if (connect.Password == null && reader.Optional(ConfigKeys.SftpKeyFile) == null)
                reader.Problem(ConfigKeys.SftpPassword, "is missing; set SFTP_PW or SFTP_KEY_FILE");
            var remote = (reader.Optional(ConfigKeys.SftpRemoteDir) ?? ".").Replace('\\', '/').TrimEnd('/');
            return new SftpSettings(connect, remote.Length == 0 ? "/" : remote);
        }
    }
}
