using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;

namespace FundMail.TestServers.Dovecot
{
    /// <summary>
    /// A real Dovecot (Debian's dovecot-imapd) on 127.0.0.1: IMAPS on <see cref="ImapsPort"/>, plain IMAP with STARTTLS
    /// on <see cref="ImapPort"/>, one mailbox user with a password, XOAUTH2 validated against keys in <see cref="KeyDirectory"/>.
    /// Everything lives in one temp folder that <see cref="Dispose"/> removes. Start one per test class, not per test.
    /// </summary>
    public sealed class DovecotServer : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
        private readonly DovecotPaths _paths;
        private readonly ProcessOutput _output = new ProcessOutput();
        private Process? _process;

        private DovecotServer(DovecotOptions options)
        {
            Options = options;
            _paths = new DovecotPaths(options.KeyDirectory);
            Mailbox = new DovecotMailbox(_paths.ConfigFile, options.User);
        }

        public DovecotOptions Options { get; }
        public string Host => "127.0.0.1";
        public int ImapsPort { get; private set; }
        public int ImapPort { get; private set; }
        public string User => Options.User;
        public string Password => Options.Password;
        public string Issuer => Options.Issuer;
        public string KeyDirectory => _paths.KeyDirectory;
        public string ConfigFile => _paths.ConfigFile;
        public string LogFile => _paths.LogFile;

        /// <summary>Delivery and inspection of the user's mailbox through doveadm.</summary>
        public DovecotMailbox Mailbox { get; }

        public bool IsRunning => _process is { HasExited: false };

        public static DovecotServer Start(DovecotOptions options) => Start(options, new PortCandidates());

        internal static DovecotServer Start(DovecotOptions options, PortCandidates ports)
        {
            var server = new DovecotServer(options);
            try
            {
                ports.Retry("dovecot", () =>
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

        /// <summary>Publishes a token signing key where Dovecot looks for it: <c>{KeyDirectory}/{azp}/RS256/{kid}</c>.</summary>
        public void WriteSigningKey(string kid, RSA publicKey, string azp = "default")
        {
            var folder = Path.Combine(KeyDirectory, azp, "RS256");
            Directory.CreateDirectory(folder);
            ReadableByAll(Path.Combine(KeyDirectory, azp));
            ReadableByAll(folder);
            var file = Path.Combine(folder, kid);
            File.WriteAllText(file, publicKey.ExportSubjectPublicKeyInfoPem() + "\n");
            SetMode(file, "644");
        }

        /// <summary>Stops the server the way an admin would (SIGTERM): clients get <c>* BYE Server shutting down.</c></summary>
        public void Stop()
        {
            var process = _process;
            _process = null;
            if (process == null)
                return;
            ProcessTree.Stop(process);
            process.Dispose();
            if (File.Exists(_paths.PidFile))
                File.Delete(_paths.PidFile);
        }


        public void Restart()
        {
            Stop();
            Launch();
        }

        public string ReadLog() => File.Exists(_paths.LogFile) ? File.ReadAllText(_paths.LogFile) : "";

        public void Dispose()
        {
            Stop();
            if (Directory.Exists(_paths.Root))
                Directory.Delete(_paths.Root, recursive: true);
        }

        private void Prepare()
        {
            var mailIds = MailSystemUser.Ensure();
            Directory.CreateDirectory(_paths.Root);
            ReadableByAll(_paths.Root);
            Directory.CreateDirectory(_paths.KeyDirectory);
            ReadableByAll(_paths.KeyDirectory);
            Directory.CreateDirectory(_paths.HomeRoot);
            DovecotConfigWriter.Write(_paths, Options, ImapsPort, ImapPort, mailIds);
            // The auth process runs as user dovecot and must read the passdb files; the maildir belongs to the mail user.
            ProcessRunner.Run("chgrp", new[] { "dovecot", _paths.UsersFile, _paths.OAuth2File }, TimeSpan.FromSeconds(10));
            SetMode(_paths.UsersFile, "640");
            ProcessRunner.Run("chown", new[] { mailIds.Uid + ":" + mailIds.Gid, _paths.HomeRoot }, TimeSpan.FromSeconds(10));
        }

        private void Launch()
        {
            // A stale master.pid makes Dovecot refuse to start.
            if (File.Exists(_paths.PidFile))
                File.Delete(_paths.PidFile);
            var process = Process.Start(ProcessRunner.StartInfo("dovecot", new[] { "-F", "-c", _paths.ConfigFile }))
                ?? throw new InvalidOperationException("cannot start dovecot");
            _output.Follow(process);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            try
            {
                // The master process binds the listeners and hands them to its children.
                PortOwnership.Wait("dovecot", process, new[] { ImapsPort, ImapPort }, StartTimeout, () => _output.ToString() + "\n" + ReadLog());
            }
            catch
            {
                Stop();
                throw;
            }
        }


        private static void ReadableByAll(string directory) => SetMode(directory, "755");

        private static void SetMode(string path, string octal)
        {
            if (OperatingSystem.IsWindows())
                throw new PlatformNotSupportedException("the Dovecot test server runs on Linux only");
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octal, 8));
        }
    }
}
