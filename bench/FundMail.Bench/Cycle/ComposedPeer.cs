using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.Bench.Fetch;
using FundMail.Bench.Upload;

namespace FundMail.Bench.Cycle
{
    /// <summary>
    /// T7's peer, composed of the tools an admin would script instead of FundMail: mbsync (defaults, FSync yes) fetches the
    /// INBOX into a fresh maildir, then OpenSSH sftp (`put -r`, defaults) puts the files one of our cycles shipped (its day
    /// folders and batch DBs, copied once, untimed) into a fresh remote folder. Both run one after the other in one `sh`
    /// child, so GNU time measures them as one contender: wall and CPU are their sums, peak RSS the larger of the two.
    /// The shell prints when each part ended, so the report shows both.
    /// </summary>
    internal sealed class ComposedPeer
    {
        /// <summary>$1: mbsync's config; the rest: the sftp command line. Prints "composed START FETCHED DONE" (epoch seconds).</summary>
        private const string Script =
            "set -e; config=$1; shift; start=$(date +%s.%N); /usr/bin/mbsync -q -c \"$config\" -a; fetched=$(date +%s.%N); " +
            "\"$@\" >/dev/null; echo \"composed $start $fetched $(date +%s.%N)\"";

        private readonly UploadContenders _upload;
        private readonly string _maildir;
        private readonly string _mbsyncConfig;
        private readonly string _batchFile;
        private readonly string _source;
        private readonly string _onServer;
        private readonly int _mails;
        private readonly Func<string, Task> _shipOnce;

        private ComposedPeer(UploadContenders upload, string root, string mbsyncConfig, string onServer, int mails, Func<string, Task> shipOnce)
        {
            _upload = upload;
            _maildir = Path.Combine(root, "maildir");
            _mbsyncConfig = mbsyncConfig;
            _source = Path.Combine(root, "shipped");
            _batchFile = Path.Combine(root, "put.batch");
            File.WriteAllText(_batchFile, "put -r " + _source + " " + Path.GetFileName(onServer) + "\n");
            _onServer = onServer;
            _mails = mails;
            _shipOnce = shipOnce;
        }

        /// <param name="shipOnce">Runs one cycle of ours (untimed) and copies what it shipped into the given folder.</param>
        public static async Task<ComposedPeer> CreateAsync(BenchRun run, int mails, Func<string, Task> shipOnce)
        {
            var root = run.Folder("cycle-composed");
            var upload = await UploadContenders.CreateAsync(run.Servers.Sshd!, root);
            var config = Mbsync.WriteConfig(run.Servers, Path.Combine(root, "mbsync.conf"), Path.Combine(root, "maildir"), fsync: true);
            return new ComposedPeer(upload, root, config, Path.Combine(run.Servers.Sshd!.UploadRoot, "composed-sftp"), mails, shipOnce);
        }

        /// <param name="once">Measured in the first repetition only (OpenSSH sftp sends one file at a time: minutes at 30 ms).</param>
        public Contender Row(Delaynet? net, bool once = false) =>
            new Contender(IngestContenders.Named("mbsync + OpenSSH sftp", net), Command, ResetAsync, Verify) { Network = net, Once = once };

        /// <summary>Seconds of mbsync and of sftp in one run, from what the shell printed.</summary>
        public static (double Mbsync, double Sftp) Parts(string output)
        {
            var line = output.Split('\n').LastOrDefault(l => l.StartsWith("composed ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("the composed peer printed no timings: " + CycleOutput.Clip(output));
            var t = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return (t[1] - t[0], t[2] - t[1]);
        }

        private ProcessStartInfo Command()
        {
            var sftp = _upload.OpenSshBatch(_batchFile);
            var start = Contender.Start("/bin/sh", "-c", Script, "composed", _mbsyncConfig, sftp.FileName);
            foreach (var arg in sftp.ArgumentList)
                start.ArgumentList.Add(arg);
            start.Environment["SSHPASS"] = sftp.Environment["SSHPASS"];
            return start;
        }

        private async Task ResetAsync()
        {
            if (!Directory.Exists(_source))
            {
                // Copied aside first: a copy cut short is never taken for the whole.
                var partial = _source + ".part";
                Outputs.Remove(partial);
                await _shipOnce(partial);
                Directory.Move(partial, _source);
            }
            Outputs.Empty(_maildir);
            Outputs.Remove(_onServer);
        }

        private string Verify(Sample sample)
        {
            var fetched = Outputs.Count(Mbsync.Delivered(_maildir), _mails, "maildir files");
            var shipped = ShippedFiles.Check(ShippedFiles.Tree(_source), _onServer);
            var (mbsync, sftp) = Parts(sample.Output);
            return FormattableString.Invariant($"{fetched}; {shipped}; mbsync {mbsync:F2} s + sftp {sftp:F2} s");
        }
    }
}
