using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using FundMail.TestServers.Dovecot;

namespace FundMail.TestServers.Cyrus
{
    /// <summary>
    /// A real Cyrus imapd (Debian's, a second IMAP implementation beside Dovecot) on 127.0.0.1: IMAPS on
    /// <see cref="ImapsPort"/>, plain IMAP with STARTTLS on <see cref="ImapPort"/>, one user with a password (LOGIN).
    /// Everything lives in one temp folder that <see cref="Dispose"/> removes. Start one per test class, not per test.
    /// </summary>
    public sealed class CyrusServer : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
        private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);
        private readonly CyrusPaths _paths = new CyrusPaths();
        private readonly ProcessOutput _output = new ProcessOutput();
        private Process? _process;

        private CyrusServer(CyrusOptions options)
        {
            Options = options;
        }

        public CyrusOptions Options { get; }
        public string Host => "127.0.0.1";
        public int ImapsPort { get; private set; }
        public int ImapPort { get; private set; }
        public string User => Options.User;
        public string Password => Options.Password;
        public string ConfigFile => _paths.ImapdConf;

        /// <summary>Delivery and inspection of the user's folders over the plain port, apart from the client under test.</summary>
        public CyrusMailbox Mailbox => new CyrusMailbox(Host, ImapPort, User, Password);

        public static CyrusServer Start(CyrusOptions options) => Start(options, new PortCandidates());

        internal static CyrusServer Start(CyrusOptions options, PortCandidates ports)
        {
            foreach (var tool in new[] { CyrusPaths.Master, CyrusPaths.Imapd, CyrusPaths.CtlCyrusdb, CyrusPaths.SaslPasswd })
                if (!File.Exists(tool))
                    throw new InvalidOperationException(tool + " is missing: run ./scripts/install-deps (it unpacks Cyrus into " + CyrusPaths.Install + ")");
            var server = new CyrusServer(options);
            try
            {
                ports.Retry("cyrus", () =>
                {
                    server.ImapsPort = ports.Next();
                    server.ImapPort = ports.Next();
                    server.Prepare();
                    server.Launch();
                });
                return server;
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }

        /// <summary>SIGTERM to the master, which ends its children; whatever is left after 3 s is killed.</summary>
        public void Stop()
        {
            var process = _process;
            _process = null;
            if (process == null)
                return;
            ProcessTree.Stop(process);
            process.Dispose();
        }

        public void Dispose()
        {
            Stop();
            if (Directory.Exists(_paths.Root))
                Directory.Delete(_paths.Root, recursive: true);
        }

        private void Prepare()
        {
            if (Directory.Exists(_paths.Root))
                Directory.Delete(_paths.Root, recursive: true);
            // The master starts as root and runs everything as this system user (cyrus_user), the one Dovecot's test maildirs use too.
            var ids = MailSystemUser.Ensure();
            CyrusConfigWriter.Write(_paths, Options, ImapsPort, ImapPort, MailSystemUser.Name);
            var sasl = ProcessRunner.TryRunAsync(CyrusPaths.SaslPasswd, new[] { "-f", _paths.SaslDb, "-u", CyrusConfigWriter.ServerName, "-p", "-c", User },
                input => input.WriteAsync(Encoding.UTF8.GetBytes(Password)).AsTask(), ToolTimeout).GetAwaiter().GetResult();
            if (sasl.ExitCode != 0)
                throw new InvalidOperationException("saslpasswd2 failed (" + sasl.ExitCode + "): " + sasl.Stderr.Trim());
            ProcessRunner.Run("chown", new[] { "-R", ids.Uid + ":" + ids.Gid, _paths.Root }, ToolTimeout);
        }

        private void Launch()
        {
            // Cyrus's master does not exit when it cannot bind a port (it only disables that service): a port already
            // taken is reported now, not after the start timeout. A port taken later still ends in PortTakenException.
            var taken = new[] { ImapsPort, ImapPort }.Where(port => PortListener.Count(port, 0).Others > 0).ToList();
            if (taken.Count > 0)
                throw new PortTakenException("cyrus", taken);
            // Cyrus logs only to syslog; its own stdout/stderr is what a failed start leaves to report.
            // On SIGTERM the master signals its whole process group: in a session of its own (setsid execs it, same pid) it
            // cannot end another test's Cyrus.
            var start = ProcessRunner.StartInfo("setsid",
                new[] { CyrusPaths.Master, "-C", _paths.ImapdConf, "-M", _paths.CyrusConf, "-p", _paths.PidFile, "-D" });
            start.Environment["LD_LIBRARY_PATH"] = CyrusPaths.LibraryPath;
            var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + CyrusPaths.Master);
            _output.Follow(process);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            try
            {
                PortOwnership.Wait("cyrus", process, new[] { ImapsPort, ImapPort }, StartTimeout, _output.ToString);
            }
            catch
            {
                Stop();
                throw;
            }
        }

    }
}
