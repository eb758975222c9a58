using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.TestServers;

namespace FundMail.Bench.Fetch
{
    /// <summary>
    /// Fetch every mail of a freshly delivered INBOX from one local Dovecot, with FundMail and with mbsync.
    /// Rows: our plain fetch (raw files) against mbsync without fsync, and our whole ingest (fetch, parse, store,
    /// flushed to disk at commit) against mbsync with its default per-message fsync: like against like on durability.
    /// </summary>
    internal static class FetchScenario
    {
        public static async Task<int> RunAsync(BenchOptions options)
        {
            foreach (var tool in new[] { TimedProcess.GnuTime, "/usr/bin/mbsync" })
                if (!File.Exists(tool))
                    throw new UsageException(tool + " is missing: run bench/run, which installs it");
            var root = Path.Combine(Path.GetTempPath(), "fundmail-bench-fetch-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                await using var servers = await LocalServers.StartAsync(Path.Combine(root, "servers"), withSftp: false);
                var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "";
                Console.Error.WriteLine($"delivering {options.Mails} mails (seed {options.Seed}) to Dovecot on port {servers.Dovecot.ImapsPort} ...");
                var corpus = await MailCorpus.DeliverAsync(servers.Dovecot.Mailbox, options.Mails, options.Seed);
                Console.Error.WriteLine($"delivered {corpus.Mails} mails, {Report.Megabytes(corpus.Bytes)}, {corpus.WithAttachments} with attachments; {options.Reps} reps");

                var contenders = Contenders(servers, root, corpus.Mails);
                await Repetitions.RunAsync(contenders, options.Reps);
                var comparisons = new[]
                {
                    new Comparison($"fetch {corpus.Mails} mails", contenders[0], contenders[1]),
                    new Comparison($"fetch+parse+store {corpus.Mails} mails", contenders[2], contenders[3]),
                };
                Report.Print($"fetch {corpus.Mails} mails ({Report.Megabytes(corpus.Bytes)}, {corpus.WithAttachments} with attachments) from local Dovecot over IMAPS, wall time",
                    contenders, comparisons);
                var json = Report.WriteJson("fetch", new Dictionary<string, object>
                {
                    ["mails"] = corpus.Mails,
                    ["bytes"] = corpus.Bytes,
                    ["withAttachments"] = corpus.WithAttachments,
                    ["reps"] = options.Reps,
                    ["seed"] = options.Seed,
                    ["loadAverageAtStart"] = load,
                }, contenders, comparisons);
                Console.WriteLine("results: " + json);
                return 0;
            }
            finally
            {
                if (Directory.Exists(root))
                    Directory.Delete(root, recursive: true);
            }
        }

        private static Contender[] Contenders(LocalServers servers, string root, int mails)
        {
            var dovecot = servers.Dovecot;
            var fetchDir = Path.Combine(root, "ours-fetch");
            var ingestDir = Path.Combine(root, "ours-ingest");
            var maildir = Path.Combine(root, "maildir");
            var fast = Mbsync.WriteConfig(servers, Path.Combine(root, "mbsync-nofsync.conf"), maildir, fsync: false);
            var durable = Mbsync.WriteConfig(servers, Path.Combine(root, "mbsync-fsync.conf"), maildir, fsync: true);
            ChildArguments To(string dir) => new ChildArguments(dovecot.Host, dovecot.ImapsPort, dovecot.User, servers.CaFile, dir);

            return new[]
            {
                new Contender("fundmail fetch", () => To(fetchDir).Command(OursFetch.FetchCommand, dovecot.Password),
                    () => Empty(fetchDir), () => Count(new DirectoryInfo(fetchDir).GetFiles(), mails, "raw files")),
                new Contender("mbsync", () => Contender.Start("/usr/bin/mbsync", "-q", "-c", fast, "-a"),
                    () => Empty(maildir), () => Count(Mbsync.Delivered(maildir), mails, "maildir files")),
                new Contender("fundmail ingest", () => To(ingestDir).Command(OursFetch.IngestCommand, dovecot.Password),
                    () => Empty(ingestDir), () => Stored(ingestDir, mails)),
                new Contender("mbsync fsync", () => Contender.Start("/usr/bin/mbsync", "-q", "-c", durable, "-a"),
                    () => Empty(maildir), () => Count(Mbsync.Delivered(maildir), mails, "maildir files")),
            };
        }

        private static void Empty(string directory)
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
            Directory.CreateDirectory(directory);
        }

        private static string Count(FileInfo[] files, int expected, string what)
        {
            if (files.Length != expected)
                throw new InvalidOperationException($"expected {expected} {what}, found {files.Length}");
            return $"{files.Length} {what}, {Report.Megabytes(files.Sum(f => f.Length))}";
        }

        /// <summary>One committed DB, one .eml per mail, nothing left in the scratch spool.</summary>
        private static string Stored(string baseDir, int expected)
        {
            var dbs = Directory.GetFiles(baseDir, "fm_*.db");
            if (dbs.Length != 1)
                throw new InvalidOperationException($"expected one committed fm_*.db in {baseDir}, found {dbs.Length}");
            var stored = Directory.GetDirectories(baseDir).Where(d => Path.GetFileName(d) != ".spool")
                .SelectMany(d => new DirectoryInfo(d).GetFiles()).ToArray();
            var raw = stored.Where(f => f.Extension == ".eml").ToArray();
            Count(raw, expected, ".eml files");
            var spool = Path.Combine(baseDir, ".spool");
            var leftovers = Directory.Exists(spool) ? Directory.GetFiles(spool, "*", SearchOption.AllDirectories).Length : 0;
            if (leftovers > 0)
                throw new InvalidOperationException($"{leftovers} scratch files left in {spool}");
            return $"{raw.Length} .eml + {stored.Length - raw.Length} attachments, {Report.Megabytes(stored.Sum(f => f.Length))}";
        }
    }
}
