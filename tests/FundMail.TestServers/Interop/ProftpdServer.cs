using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.TestServers.Sshd;

namespace FundMail.TestServers.Interop
{
    /// <summary>
    /// ProFTPD's mod_sftp (Debian's proftpd-core + proftpd-mod-crypto) from its own config, in the foreground: the master
    /// forks one process per connection, which logs in a virtual user (AuthUserFile) as nobody, chrooted to the upload root.
    /// Its ExtendedLog records every SSH and SFTP request by name.
    /// </summary>
    public sealed class ProftpdServer : InteropSftpServer
    {
        // The virtual user's uid and gid: Debian's nobody and nogroup.
        private const int Nobody = 65534;

        private ProftpdServer(InteropServerOptions options) : base(options, "proftpd")
        {
        }

        private string ConfigPath => Path.Combine(Directory, "proftpd.conf");
        private string RequestLog => Path.Combine(Directory, "requests.log");
        private string SftpLog => Path.Combine(Directory, "sftp.log");
        private string SystemLog => Path.Combine(Directory, "system.log");

        public static Task<ProftpdServer> StartAsync(InteropServerOptions? options = null) =>
            StartAsync(new ProftpdServer(options ?? new InteropServerOptions()));

        protected override async Task PrepareAsync()
        {
            await SshdServer.RunAsync("chown", Nobody + ":" + Nobody + " " + UploadRoot);
            var hash = (await SshdServer.RunAsync("openssl", "passwd -6 " + Password)).Trim();
            // mod_auth_file refuses user and group files that others may read.
            File.WriteAllText(Path.Combine(Directory, "passwd"), User + ":" + hash + ":" + Nobody + ":" + Nobody + "::" + UploadRoot + ":/bin/sh\n");
            File.WriteAllText(Path.Combine(Directory, "group"), "nogroup:x:" + Nobody + ":\n");
            await SshdServer.RunAsync("chmod", "600 " + Path.Combine(Directory, "passwd") + " " + Path.Combine(Directory, "group"));
            // mod_sftp 1.3.8 reads OpenSSH-format lines only for its first lookup: RFC 4716 blocks work throughout.
            var keys = new List<string>();
            foreach (var file in WriteAuthorizedKeyFiles())
                keys.Add(await SshdServer.RunAsync("ssh-keygen", "-e -f " + file));
            File.WriteAllText(Path.Combine(Directory, "authorized_keys"), string.Concat(keys));
        }

        protected override ProcessStartInfo StartInfo()
        {
            File.WriteAllText(ConfigPath, Config());
            return new ProcessStartInfo("/usr/sbin/proftpd") { ArgumentList = { "-n", "-c", ConfigPath } };
        }

        private string Config()
        {
            var lines = new List<string>
            {
                "ServerType standalone", "ServerName \"fundmail-interop\"", "DefaultAddress 127.0.0.1", "SocketBindTight on",
                "UseIPv6 off", "Port " + Port, "PidFile " + Path.Combine(Directory, "proftpd.pid"),
                "ScoreboardFile " + Path.Combine(Directory, "proftpd.scoreboard"), "DelayTable none", "WtmpLog off",
                "UseReverseDNS off", "TransferLog none", "SystemLog " + SystemLog, "User nobody", "Group nogroup",
                "ModulePath /usr/lib/proftpd", "LoadModule mod_sftp.c",
                "AuthOrder mod_auth_file.c", "AuthUserFile " + Path.Combine(Directory, "passwd"),
                "AuthGroupFile " + Path.Combine(Directory, "group"), "RequireValidShell off", "DefaultRoot ~",
                "SFTPEngine on", "SFTPLog " + SftpLog, "SFTPAuthMethods password publickey",
                "SFTPAuthorizedUserKeys file:" + Path.Combine(Directory, "authorized_keys"),
                "LogFormat requests \"%m|%J\"", "ExtendedLog " + RequestLog + " ALL requests",
                "<Limit ALL>", "  AllowAll", "</Limit>",
            };
            lines.AddRange(HostKeyTypes.Select(type => "SFTPHostKey " + HostKeyPath(type)));
            var without = Options.WithoutExtensions.Select(ExtensionSetting).ToList();
            if (without.Count > 0) lines.Add("SFTPExtensions " + string.Join(" ", without.Select(name => "-" + name)));
            if (Options.RefuseSecondSession) lines.Add("SFTPMaxChannels 1");
            return string.Join("\n", lines) + "\n";
        }

        /// <summary>SFTPExtensions' name for an extension.</summary>
        private static string ExtensionSetting(string extension) => extension switch
        {
            "fsync@openssh.com" => "fsync",
            "posix-rename@openssh.com" => "posixRename",
            _ => throw new System.ArgumentException("no SFTPExtensions name known for " + extension),
        };

        public override string Log() => string.Concat(new[] { SystemLog, SftpLog, RequestLog }.Where(File.Exists).Select(File.ReadAllText));

        /// <summary>From the request log: "RENAME|from to" for renames of either kind, "EXTENDED|name" for extended requests.</summary>
        public override ServerOperations Operations()
        {
            var operations = new ServerOperations();
            if (!File.Exists(RequestLog)) return operations;
            foreach (var line in File.ReadAllLines(RequestLog))
            {
                var fields = line.Split('|');
                if (fields[0] == "USERAUTH_REQUEST") operations.AuthenticationRequests++;
                if (line == "CHANNEL_OPEN|session") operations.SessionChannels++;
                if (fields[0] == "RENAME") operations.RenameTargets.Add(fields[1].Split(' ').Last());
                if (fields[0] == "EXTENDED") operations.Extended.Add(fields[1]);
            }
            return operations;
        }
    }
}
