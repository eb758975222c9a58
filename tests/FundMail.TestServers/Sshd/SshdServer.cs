using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.TestServers.Dovecot;

namespace FundMail.TestServers.Sshd
{
    /// <summary>
    /// A real OpenSSH sshd on 127.0.0.1 from a temp directory: its own host keys (ed25519, ecdsa, rsa), a password user
    /// "fundmail-sftp" and an upload root that every session starts in (ForceCommand internal-sftp -d).
    /// </summary>
    public sealed class SshdServer : IAsyncDisposable
    {
        public const string User = "fundmail-sftp";
        public const string Password = "Fm-test-pw-7731";
        private static readonly SemaphoreSlim UserLock = new SemaphoreSlim(1, 1);

        private readonly SshdOptions _options;
        private Process? _process;

        private SshdServer(SshdOptions options, string directory)
        {
            _options = options;
            Directory = directory;
            UploadRoot = Path.Combine(directory, "upload");
        }

        public string Host => "127.0.0.1";
        public int Port { get; private set; }
        public string Directory { get; }
        public string UploadRoot { get; }
        public string LogPath => Path.Combine(Directory, "sshd.log");

        public static Task<SshdServer> StartAsync(SshdOptions? options = null) => StartAsync(options, new PortCandidates());

        internal static async Task<SshdServer> StartAsync(SshdOptions? options, PortCandidates ports)
        {
            await EnsureUserAsync();
            var directory = Path.Combine(Path.GetTempPath(), "fundmail-sshd-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            System.IO.Directory.CreateDirectory(directory);
            var server = new SshdServer(options ?? new SshdOptions(), directory);
            try
            {
                System.IO.Directory.CreateDirectory(server.UploadRoot);
                System.IO.Directory.CreateDirectory("/run/sshd");
                await RunAsync("chmod", "755 " + directory);
                await RunAsync("chown", User + " " + server.UploadRoot);
                foreach (var type in new[] { "ed25519", "ecdsa", "rsa" })
                    await RunAsync("ssh-keygen", "-q -t " + type + " -N \"\" -C fundmail-test-host -f " + server.HostKeyPath(type));
                File.WriteAllLines(Path.Combine(directory, "authorized_keys"), server._options.AuthorizedKeys);
                await Task.Run(() => ports.Retry("sshd", () =>
                {
                    server.Port = ports.Next();
                    File.WriteAllText(Path.Combine(directory, "sshd_config"), server.Config());
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

        public string HostKeyPath(string type) => Path.Combine(Directory, "host_" + type);

        /// <summary>The `ssh-keygen -lf` fingerprint (SHA256:...) of one host key type: ed25519, ecdsa or rsa.</summary>
        public async Task<string> FingerprintAsync(string type)
        {
            var output = await RunAsync("ssh-keygen", "-l -E sha256 -f " + HostKeyPath(type) + ".pub");
            return output.Split(' ')[1];
        }

        public string PublicKeyLine(string type) => File.ReadAllText(HostKeyPath(type) + ".pub").Trim();

        public string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

        /// <summary>Kills sshd and every session process it forked, mid-transfer if one is running.</summary>
        public void Kill()
        {
            if (_process == null) return;
            ProcessTree.Kill(_process);
            _process.Dispose();
            _process = null;
        }

        /// <summary>Stops (SIGSTOP) or resumes (SIGCONT) sshd and its session processes: a server that hangs without closing.</summary>
        public void Freeze(bool frozen)
        {
            if (_process == null) return;
            ProcessTree.Freeze(_process, frozen);
        }


        /// <summary>Starts sshd again with the same port, keys and upload root.</summary>
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

        private string Config()
        {
            var o = _options;
            var lines = new List<string>
            {
                "Port " + Port, "ListenAddress 127.0.0.1", "PidFile " + Path.Combine(Directory, "sshd.pid"),
                "HostKey " + HostKeyPath("ed25519"), "HostKey " + HostKeyPath("ecdsa"), "HostKey " + HostKeyPath("rsa"),
                "UsePAM " + YesNo(o.UsePam), "StrictModes no", "LogLevel DEBUG1",
                "AuthorizedKeysFile " + Path.Combine(Directory, "authorized_keys"),
                "PasswordAuthentication " + YesNo(o.PasswordAuthentication),
                "KbdInteractiveAuthentication " + YesNo(o.KbdInteractiveAuthentication),
                "PubkeyAuthentication yes", "PermitRootLogin no", "MaxStartups 100",
                "Subsystem sftp internal-sftp", "ForceCommand internal-sftp -d " + UploadRoot,
            };
            if (o.KexAlgorithms != null) lines.Add("KexAlgorithms " + o.KexAlgorithms);
            if (o.HostKeyAlgorithms != null) lines.Add("HostKeyAlgorithms " + o.HostKeyAlgorithms);
            if (o.Ciphers != null) lines.Add("Ciphers " + o.Ciphers);
            if (o.MACs != null) lines.Add("MACs " + o.MACs);
            if (o.RekeyLimit != null) lines.Add("RekeyLimit " + o.RekeyLimit);
            if (o.AuthenticationMethods != null) lines.Add("AuthenticationMethods " + o.AuthenticationMethods);
            lines.AddRange(o.ExtraLines);
            return string.Join("\n", lines) + "\n";
        }

        private void Launch()
        {
            var start = new ProcessStartInfo("/usr/sbin/sshd")
            {
                ArgumentList = { "-D", "-f", Path.Combine(Directory, "sshd_config"), "-E", LogPath },
                UseShellExecute = false,
                RedirectStandardError = true,
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException("sshd did not start");
            _process = process;
            try
            {
                // With -D the daemon itself holds the listening socket; sessions are forked children.
                PortOwnership.Wait("sshd", process, new[] { Port }, TimeSpan.FromSeconds(15),
                    () => (process.HasExited ? process.StandardError.ReadToEnd() : "") + Log());
            }
            catch
            {
                Kill();
                throw;
            }
        }

        private static async Task EnsureUserAsync()
        {
            await UserLock.WaitAsync();
            try
            {
                if (!File.ReadAllLines("/etc/passwd").Any(l => l.StartsWith(User + ":", StringComparison.Ordinal)))
                {
                    try
                    {
                        await RunAsync("useradd", "-M -d /nonexistent -s /bin/sh " + User);
                    }
                    catch (InvalidOperationException) when (File.ReadAllText("/etc/passwd").Contains(User + ":"))
                    {
                        // Created by a concurrent run.
                    }
                }
                await RunAsync("sh", "-c \"echo '" + User + ":" + Password + "' | chpasswd\"");
            }
            finally
            {
                UserLock.Release();
            }
        }

        private static string YesNo(bool value) => value ? "yes" : "no";

        public static async Task<string> RunAsync(string file, string arguments)
        {
            var start = new ProcessStartInfo(file, arguments)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using (var process = Process.Start(start) ?? throw new InvalidOperationException(file + " did not start"))
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                if (process.ExitCode != 0)
                    throw new InvalidOperationException(file + " " + arguments + " failed (" + process.ExitCode + "): " + await error);
                return await output;
            }
        }
    }
}
