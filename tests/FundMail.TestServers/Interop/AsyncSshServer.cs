using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace FundMail.TestServers.Interop
{
    /// <summary>
    /// AsyncSSH's SFTP server (Debian's python3-asyncssh) run by our script asyncssh_sftp_server.py: one process serves
    /// every connection; sessions are chrooted to the upload root and files are written as root.
    /// </summary>
    public sealed class AsyncSshServer : InteropSftpServer
    {
        private static readonly Regex Rename = new Regex(@" op (?:posix-)?rename \S+ (\S+)$");
        private static readonly Regex Extended = new Regex(@" op extended (\S+)$");

        private AsyncSshServer(InteropServerOptions options) : base(options, "asyncssh")
        {
        }

        private string Script => Path.Combine(Directory, "asyncssh_sftp_server.py");
        private string LogPath => Path.Combine(Directory, "asyncssh.log");
        private string AuthorizedKeysPath => Path.Combine(Directory, "authorized_keys");

        public static Task<AsyncSshServer> StartAsync(InteropServerOptions? options = null) =>
            StartAsync(new AsyncSshServer(options ?? new InteropServerOptions()));

        protected override Task PrepareAsync()
        {
            using (var script = typeof(AsyncSshServer).Assembly.GetManifestResourceStream("FundMail.TestServers.Interop.asyncssh_sftp_server.py")!)
            using (var file = File.Create(Script))
                script.CopyTo(file);
            File.WriteAllLines(AuthorizedKeysPath, Options.AuthorizedKeys);
            return Task.CompletedTask;
        }

        protected override ProcessStartInfo StartInfo()
        {
            // Debian's interpreter, where python3-asyncssh is installed (a python3 earlier on PATH may lack it).
            var start = new ProcessStartInfo("/usr/bin/python3")
            {
                ArgumentList =
                {
                    "-W", "ignore", Script, "--port", Port.ToString(), "--root", UploadRoot, "--user", User, "--password", Password,
                    "--log", LogPath,
                },
            };
            // AsyncSSH refuses an authorized_keys file without entries.
            if (Options.AuthorizedKeys.Count > 0)
            {
                start.ArgumentList.Add("--authorized-keys");
                start.ArgumentList.Add(AuthorizedKeysPath);
            }
            foreach (var type in HostKeyTypes)
            {
                start.ArgumentList.Add("--host-key");
                start.ArgumentList.Add(HostKeyPath(type));
            }
            foreach (var extension in Options.WithoutExtensions)
            {
                start.ArgumentList.Add("--without");
                start.ArgumentList.Add(extension);
            }
            if (Options.RefuseSecondSession)
            {
                start.ArgumentList.Add("--max-sessions");
                start.ArgumentList.Add("1");
            }
            return start;
        }

        public override string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

        public override ServerOperations Operations()
        {
            var operations = new ServerOperations();
            foreach (var line in Log().Split('\n').Select(l => l.TrimEnd('\r')))
            {
                if (line.Contains(" auth begins for ")) operations.AuthenticationRequests++;
                if (line.EndsWith(" opened", System.StringComparison.Ordinal)) operations.SessionChannels++;
                var rename = Rename.Match(line);
                if (rename.Success) operations.RenameTargets.Add(rename.Groups[1].Value);
                var extended = Extended.Match(line);
                if (extended.Success) operations.Extended.Add(extended.Groups[1].Value);
            }
            return operations;
        }
    }
}
