using System;
using System.IO;
using System.Linq;

namespace FundMail.Bench.Fetch
{
    /// <summary>The T1 contenders, each on loopback (network null) or inside the delayed link, each with its own output folder.</summary>
    internal sealed class IngestContenders
    {
        private readonly BenchRun _run;
        private readonly string _root;
        private readonly int _mails;

        public IngestContenders(BenchRun run, string root, int mails)
        {
            _run = run;
            _root = root;
            _mails = mails;
        }

        public Contender Ingest(Delaynet? net)
        {
            var dir = Path.Combine(_root, "ours-ingest");
            return new Contender(Named("fundmail ingest", net), () => Child(dir).Command(OursFetch.IngestCommand, _run.Servers.Dovecot.Password),
                () => Outputs.Empty(dir), () => Outputs.Stored(dir, _mails)) { Ours = true, Network = net };
        }

        public Contender RawFetch(Delaynet? net)
        {
            var dir = Path.Combine(_root, "ours-fetch");
            return new Contender(Named("fundmail fetch (raw files)", net), () => Child(dir).Command(OursFetch.FetchCommand, _run.Servers.Dovecot.Password),
                () => Outputs.Empty(dir), () => Outputs.Count(new DirectoryInfo(dir).GetFiles(), _mails, "raw files")) { Ours = true, Network = net };
        }

        /// <param name="fsync">mbsync's default (FSync yes) fsyncs every message; FSync no is what a plain fetch does.</param>
        public Contender MbsyncRow(bool fsync, Delaynet? net)
        {
            var maildir = Path.Combine(_root, "maildir");
            var config = Mbsync.WriteConfig(_run.Servers, Path.Combine(_root, fsync ? "mbsync-fsync.conf" : "mbsync-nofsync.conf"), maildir, fsync);
            return new Contender(Named(fsync ? "mbsync (FSync yes, default)" : "mbsync FSync no", net),
                () => Contender.Start("/usr/bin/mbsync", "-q", "-c", config, "-a"),
                () => Outputs.Empty(maildir), () => Outputs.Count(Mbsync.Delivered(maildir), _mails, "maildir files")) { Network = net };
        }

        /// <param name="naive">One UID FETCH per mail instead of 100 UIDs per command.</param>
        public Contender ImaplibRow(bool naive, Delaynet? net)
        {
            var dir = Path.Combine(_root, "imaplib");
            var dovecot = _run.Servers.Dovecot;
            return new Contender(Named(naive ? "imaplib naive (1 UID/FETCH)" : "imaplib batched (100 UIDs/FETCH)", net), () =>
            {
                var start = Contender.Start(BenchPaths.Python, BenchPaths.Peer("imaplib_fetch.py"), "--host", dovecot.Host, "--port", dovecot.ImapsPort.ToString(),
                    "--user", dovecot.User, "--ca", _run.Servers.CaFile, "--out", dir);
                start.ArgumentList.Add(naive ? "--naive" : "--batch=100");
                start.Environment[ChildArguments.PasswordVariable] = dovecot.Password;
                return start;
            }, () => Outputs.Empty(dir), () => Outputs.Count(new DirectoryInfo(dir).GetFiles(), _mails, ".eml files")) { Network = net };
        }

        private ChildArguments Child(string dir)
        {
            var dovecot = _run.Servers.Dovecot;
            return new ChildArguments(dovecot.Host, dovecot.ImapsPort, dovecot.User, _run.Servers.CaFile, dir);
        }

        public static string Named(string name, Delaynet? net) => net == null ? name : name + " @" + net.Label;
    }
}
