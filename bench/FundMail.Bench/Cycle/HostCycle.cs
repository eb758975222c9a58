using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.TestServers;

namespace FundMail.Bench.Cycle
{
    /// <summary>
    /// One `fundmail cycle` set-up against the run's servers: its .env (XOAUTH2 with the token endpoint, SFTP with the
    /// pinned host key, FIRST_RUN=today so a fresh BASE_DIR captures every mail delivered today), its BASE_DIR and its
    /// folder on the SFTP server. <see cref="Reset"/> gives it a fresh start: no checkpoint, nothing on the server.
    /// </summary>
    internal sealed class HostCycle
    {
        private HostCycle(string envFile, string baseDir, string remoteDir)
        {
            EnvFile = envFile;
            BaseDir = baseDir;
            RemoteDir = remoteDir;
        }

        public string EnvFile { get; }
        public string BaseDir { get; }

        /// <summary>Where the uploads land, on this machine's disk (the sshd's upload root).</summary>
        public string RemoteDir { get; }

        public static async Task<HostCycle> CreateAsync(LocalServers servers, string dir, string mailbox)
        {
            Directory.CreateDirectory(dir);
            var name = Path.GetFileName(dir);
            var envFile = Path.Combine(dir, "fundmail.env");
            var baseDir = Path.Combine(dir, "base");
            await servers.WriteEnvFileAsync(envFile, baseDir);
            File.AppendAllLines(envFile, new[] { "SFTP_REMOTE_DIR='" + name + "'", "FIRST_RUN='today'", "MAILBOX='" + mailbox + "'" });
            return new HostCycle(envFile, baseDir, Path.Combine(servers.Sshd!.UploadRoot, name));
        }

        /// <summary>Set once a cycle took every mail there is: later cycles of this set-up are idle.</summary>
        public bool CaughtUp { get; set; }

        public void Reset()
        {
            Outputs.Remove(BaseDir);
            Outputs.Remove(RemoteDir);
        }

        public ProcessStartInfo Command(bool json)
        {
            var start = Contender.Start(BenchPaths.Host, "cycle", "--env", EnvFile);
            if (json)
                start.ArgumentList.Add("--json");
            return start;
        }

        /// <summary>
        /// Checks a cycle stored what it should and shipped all of it: the server holds exactly the batches' DBs and files
        /// that its BASE_DIR holds (a cycle stores in bounded batches, one DB each). Describes what it reported and shipped.
        /// </summary>
        public string Verify(Sample sample, int expectedMails)
        {
            var output = CycleOutput.Parse(sample.Output);
            if (output.MailsStored != expectedMails || output.QueuedBatches != 0)
                throw new InvalidOperationException($"expected {expectedMails} mail(s) stored and nothing queued, the cycle said: {CycleOutput.Clip(sample.Output)}");
            var shipped = ShippedFiles.In(BaseDir);
            var raw = shipped.Keys.Count(k => k.EndsWith(".eml", StringComparison.Ordinal));
            if (expectedMails > 0 && raw != expectedMails)
                throw new InvalidOperationException($"expected {expectedMails} .eml files in {BaseDir}'s day folders, found {raw}");
            return output + "; " + ShippedFiles.Check(shipped, RemoteDir);
        }

        /// <summary>Whether the built host takes `cycle --json` (the JSON report with Timings); older hosts print one line.</summary>
        public static Task<bool> SupportsJsonAsync() => JsonProbe.Value;

        private static readonly Lazy<Task<bool>> JsonProbe = new Lazy<Task<bool>>(ProbeJsonAsync);

        private static async Task<bool> ProbeJsonAsync()
        {
            var (_, _, stderr) = await Processes.ExecAsync(Contender.Start(BenchPaths.Host, "cycle", "--json", "--env", "/nonexistent/fundmail-bench.env"));
            return !stderr.Contains("'--json'", StringComparison.Ordinal);
        }
    }
}
