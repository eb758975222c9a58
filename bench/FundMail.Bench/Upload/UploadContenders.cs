using System.Diagnostics;
using System.Linq;
using System.IO;
using System.Threading.Tasks;
using FundMail.Bench.Fetch;
using FundMail.TestServers.Sshd;

namespace FundMail.Bench.Upload
{
    /// <summary>
    /// The upload contenders against the run's sshd: ours (the engine's uploader), OpenSSH sftp and rclone, each with
    /// its defaults, each into its own remote folder that is emptied before every repetition and checked after it.
    /// </summary>
    internal sealed class UploadContenders
    {
        private readonly SshdServer _sshd;
        private readonly string _fingerprint;
        private readonly string _knownHosts;
        private readonly string _root;
        private readonly string _rcloneConfig;
        private readonly string _rclonePassword;

        private UploadContenders(SshdServer sshd, string fingerprint, string knownHosts, string root, string rcloneConfig, string rclonePassword)
        {
            _sshd = sshd;
            _fingerprint = fingerprint;
            _knownHosts = knownHosts;
            _root = root;
            _rcloneConfig = rcloneConfig;
            _rclonePassword = rclonePassword;
        }

        public static async Task<UploadContenders> CreateAsync(SshdServer sshd, string root)
        {
            var knownHosts = Path.Combine(root, "known_hosts");
            File.WriteAllLines(knownHosts, new[] { "ed25519", "ecdsa", "rsa" }.Select(t => "[127.0.0.1]:" + sshd.Port + " " + sshd.PublicKeyLine(t)));
            var rcloneConfig = Path.Combine(root, "rclone.conf");
            File.WriteAllText(rcloneConfig, "");
            // rclone takes passwords only obscured (reversibly encoded); it stays in the environment, off the command line.
            var obscured = (await Processes.RunAsync("/usr/bin/rclone", "obscure", SshdServer.Password)).Trim();
            return new UploadContenders(sshd, await sshd.FingerprintAsync("ed25519"), knownHosts, root, rcloneConfig, obscured);
        }

        public Contender Ours(string job, string localDir, int files, long bytes, Delaynet? net)
        {
            var remote = "ours-" + job;
            return Row("fundmail " + job, remote, files, bytes, net, () =>
            {
                var self = ChildArguments.Self(OursUpload.Command);
                foreach (var arg in new[] { "--host", _sshd.Host, "--port", _sshd.Port.ToString(), "--user", SshdServer.User,
                             "--fingerprint", _fingerprint, "--dir", localDir, "--remote", remote })
                    self.ArgumentList.Add(arg);
                self.Environment[ChildArguments.PasswordVariable] = SshdServer.Password;
                return self;
            }, ours: true);
        }

        /// <summary>
        /// OpenSSH sftp in batch mode with its defaults (sshpass gives it the password). durable adds put's -f: an
        /// fsync@openssh.com after each file, the flush ours always does, so the durable cost can be compared like for like.
        /// </summary>
        public Contender OpenSsh(string job, string localDir, int files, long bytes, Delaynet? net, bool once = false, bool durable = false)
        {
            var remote = "openssh-" + job + (durable ? "-fsync" : "");
            var batch = Path.Combine(_root, remote + ".batch");
            File.WriteAllText(batch, (durable ? "put -r -f " : "put -r ") + localDir + " " + remote + "\n");
            return Row("OpenSSH sftp " + job + (durable ? " put -f" : ""), remote, files, bytes, net, () => OpenSshBatch(batch), once: once);
        }

        /// <summary>OpenSSH sftp running a batch file against the run's sshd: password login (sshpass), the host key pinned.</summary>
        public ProcessStartInfo OpenSshBatch(string batchFile)
        {
            var start = Contender.Start("/usr/bin/sshpass", "-e", "/usr/bin/sftp", "-q", "-o", "BatchMode=no", "-b", batchFile,
                "-o", "UserKnownHostsFile=" + _knownHosts, "-o", "GlobalKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=yes",
                "-o", "PubkeyAuthentication=no", "-P", _sshd.Port.ToString(), SshdServer.User + "@" + _sshd.Host);
            start.Environment["SSHPASS"] = SshdServer.Password;
            return start;
        }

        /// <summary>rclone copy to an on-the-fly sftp remote, its defaults (4 transfers in parallel).</summary>
        public Contender Rclone(string job, string localDir, int files, long bytes, Delaynet? net)
        {
            var remote = "rclone-" + job;
            return Row("rclone sftp " + job, remote, files, bytes, net, () =>
            {
                var start = Contender.Start("/usr/bin/rclone", "copy", localDir, ":sftp:" + remote, "--config", _rcloneConfig, "-q",
                    "--sftp-host", _sshd.Host, "--sftp-port", _sshd.Port.ToString(), "--sftp-user", SshdServer.User,
                    "--sftp-known-hosts-file", _knownHosts);
                start.Environment["RCLONE_SFTP_PASS"] = _rclonePassword;
                return start;
            });
        }

        private Contender Row(string name, string remote, int files, long bytes, Delaynet? net, System.Func<ProcessStartInfo> command,
            bool ours = false, bool once = false)
        {
            var onServer = Path.Combine(_sshd.UploadRoot, remote);
            return new Contender(IngestContenders.Named(name, net), command, () => Outputs.Remove(onServer),
                () => Outputs.Tree(onServer, files, bytes, "files on the server")) { Network = net, Ours = ours, Once = once };
        }
    }
}
