using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FundMail.TestServers.Dovecot;
using FundMail.TestServers.Sshd;

namespace FundMail.TestServers.Interop
{
    /// <summary>
    /// An SFTP server other than OpenSSH on 127.0.0.1, from a temp directory: ed25519 and ecdsa host keys of its own, a
    /// password user (and authorized public keys) whose sessions start in the upload root. What it ran is in its own log
    /// (<see cref="Operations"/>). Kill, freeze and restart act on the server and every session process it started.
    /// </summary>
    public abstract class InteropSftpServer : IAsyncDisposable
    {
        public const string User = "fundmail-sftp";
        public const string Password = "Fm-interop-pw-4417";
        public static readonly string[] HostKeyTypes = { "ed25519", "ecdsa" };

        private Process? _process;

        protected InteropSftpServer(InteropServerOptions options, string name)
        {
            Options = options;
            Name = name;
            Directory = Path.Combine(Path.GetTempPath(), "fundmail-" + name + "-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            UploadRoot = Path.Combine(Directory, "upload");
        }

        public string Name { get; }
        public string Host => "127.0.0.1";
        public int Port { get; private set; }
        public string Directory { get; }
        public string UploadRoot { get; }
        protected InteropServerOptions Options { get; }

        public string HostKeyPath(string type) => Path.Combine(Directory, "host_" + type);

        /// <summary>The `ssh-keygen -lf` fingerprint (SHA256:...) of the ed25519 or ecdsa host key.</summary>
        public async Task<string> FingerprintAsync(string type) =>
            (await SshdServer.RunAsync("ssh-keygen", "-l -E sha256 -f " + HostKeyPath(type) + ".pub")).Split(' ')[1];

        /// <summary>What the server's log says it did so far.</summary>
        public abstract ServerOperations Operations();

        /// <summary>The server's own logs, for failure messages.</summary>
        public abstract string Log();

        protected abstract Task PrepareAsync();

        protected abstract ProcessStartInfo StartInfo();

        protected static async Task<T> StartAsync<T>(T server) where T : InteropSftpServer
        {
            try
            {
                System.IO.Directory.CreateDirectory(server.UploadRoot);
                // Servers that drop to another user must reach the upload root below this folder.
                await SshdServer.RunAsync("chmod", "755 " + server.Directory);
                foreach (var type in HostKeyTypes)
                    await SshdServer.RunAsync("ssh-keygen", "-q -t " + type + " -N \"\" -C fundmail-interop-host -f " + server.HostKeyPath(type));
                await server.PrepareAsync();
                var ports = new PortCandidates();
                await Task.Run(() => ports.Retry(server.Name, () =>
                {
                    server.Port = ports.Next();
                    server.Launch();
                }));
                return server;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }

        /// <summary>Kills the server and every session process it started, mid-transfer if one is running.</summary>
        public void Kill()
        {
            if (_process == null) return;
            ProcessTree.Kill(_process);
            _process.Dispose();
            _process = null;
        }

        /// <summary>Stops (SIGSTOP) or resumes (SIGCONT) the server and its sessions: a server that hangs without closing.</summary>
        public void Freeze(bool frozen)
        {
            if (_process == null) return;
            ProcessTree.Freeze(_process, frozen);
        }

        /// <summary>Starts the server again with the same port, keys and upload root.</summary>
        public Task RestartAsync()
        {
            Kill();
            return Task.Run(Launch);
        }

        public ValueTask DisposeAsync()
        {
            Kill();
            try
            {
                System.IO.Directory.Delete(Directory, true);
            }
            catch (IOException)
            {
                // A leftover temp dir is harmless.
            }
            return default;
        }

        /// <summary>The authorized keys, each in its own file (the form ssh-keygen converts).</summary>
        protected string[] WriteAuthorizedKeyFiles()
        {
            return Options.AuthorizedKeys.Select((line, i) =>
            {
                var path = Path.Combine(Directory, "authorized_" + i + ".pub");
                File.WriteAllText(path, line.Trim() + "\n");
                return path;
            }).ToArray();
        }

        private void Launch()
        {
            var start = StartInfo();
            start.UseShellExecute = false;
            start.RedirectStandardError = true;
            var process = Process.Start(start) ?? throw new InvalidOperationException(Name + " did not start");
            _process = process;
            // Read all along, so a chatty server never blocks on a full pipe.
            var errors = new StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                lock (errors) errors.AppendLine(e.Data);
            };
            process.BeginErrorReadLine();
            try
            {
                PortOwnership.Wait(Name, process, new[] { Port }, TimeSpan.FromSeconds(20), () =>
                {
                    lock (errors) return errors + Log();
                });
            }
            catch
            {
                Kill();
                throw;
            }
        }
    }
}
