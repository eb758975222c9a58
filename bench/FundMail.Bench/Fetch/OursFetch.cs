using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Imap;
using FundMail.Mime;
using FundMail.Net;
using FundMail.Store;
using FundMail.Util;

namespace FundMail.Bench.Fetch
{
    /// <summary>
    /// FundMail's side of the fetch benchmark, run as its own process. "ours-fetch" downloads every INBOX message
    /// into raw files, as mbsync does into its maildir; "ours-ingest" is the production path (fetch, parse, store
    /// one batch, flush to disk and commit). Prints one JSON line saying where the time went.
    /// </summary>
    internal static class OursFetch
    {
        public const string FetchCommand = "ours-fetch";
        public const string IngestCommand = "ours-ingest";

        public static async Task<int> RunAsync(string command, ChildArguments args)
        {
            var password = Environment.GetEnvironmentVariable(ChildArguments.PasswordVariable)
                ?? throw new UsageException(ChildArguments.PasswordVariable + " is not set");
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(30));
            var ct = deadline.Token;
            var clock = Stopwatch.StartNew();
            var phases = new Phases { Startup = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds };

            using var client = new ImapClient(new ImapConnectOptions(args.Host) { Port = args.Port, Trust = TlsTrust.WithExtraCa(args.CaFile) });
            await client.ConnectAsync(ct);
            phases.Connect = clock.Elapsed.TotalSeconds;
            await client.AuthenticateAsync(ImapCredentials.Login(args.User, new Secret(password)), ct);
            phases.Login = clock.Elapsed.TotalSeconds - phases.Connect;
            var state = await client.ExamineAsync("INBOX", ct);
            var uids = await client.SearchUidsAsync(UidSearch.All, ct);
            phases.Search = clock.Elapsed.TotalSeconds - phases.Connect - phases.Login;

            FetchResult result;
            if (command == FetchCommand)
            {
                Directory.CreateDirectory(args.OutDir);
                result = await client.FetchAsync(uids, args.OutDir, fetched =>
                {
                    phases.Add(fetched);
                    return Task.CompletedTask;
                }, ct);
            }
            else
            {
                result = await IngestAsync(client, state, uids, args.OutDir, phases, ct);
            }
            await client.LogoutAsync(ct);
            phases.Total = phases.Startup + clock.Elapsed.TotalSeconds;
            if (result.Delivered != uids.Count)
                throw new InvalidOperationException("fetched " + result.Delivered + " of " + uids.Count + " messages");
            Console.WriteLine(JsonSerializer.Serialize(phases));
            return 0;
        }

        private static async Task<FetchResult> IngestAsync(ImapClient client, MailboxState state, System.Collections.Generic.IReadOnlyList<uint> uids,
            string outDir, Phases phases, CancellationToken ct)
        {
            var layout = new StoreLayout(outDir);
            var parser = new MimeParser();
            var parse = new MimeParseOptions { AttachmentDirectory = Path.Combine(layout.SpoolDir, "parts") };
            var spool = Path.Combine(layout.SpoolDir, "fetch");
            Directory.CreateDirectory(spool);
            var now = DateTimeOffset.Now;
            var step = new Stopwatch();
            using var batch = StoreBatch.Begin(layout, now);
            var result = await client.FetchAsync(uids, spool, fetched =>
            {
                phases.Add(fetched);
                step.Restart();
                var mail = parser.Parse(fetched.RawPath, parse);
                mail.Uid = fetched.Uid;
                mail.UidValidity = state.UidValidity;
                mail.ReceivedTime = fetched.InternalDate;
                phases.Parse += step.Elapsed.TotalSeconds;
                step.Restart();
                if (!batch.Add(mail, now))
                    throw new InvalidOperationException("UID " + fetched.Uid + " was stored twice");
                phases.Store += step.Elapsed.TotalSeconds;
                return Task.CompletedTask;
            }, ct);
            step.Restart();
            batch.Commit();
            batch.Complete();
            phases.Commit = step.Elapsed.TotalSeconds;
            return result;
        }

        /// <summary>Seconds spent in each part of the run, as the child sees them (JSON property names as printed).</summary>
        private sealed class Phases
        {
            public int Mails { get; set; }
            public long Bytes { get; set; }
            /// <summary>Process start until our code runs (runtime start-up).</summary>
            public double Startup { get; set; }

            /// <summary>TCP, TLS handshake with the certificate check, greeting.</summary>
            public double Connect { get; set; }
            public double Login { get; set; }
            public double Search { get; set; }
            public double Parse { get; set; }
            public double Store { get; set; }
            public double Commit { get; set; }
            public double Total { get; set; }

            public void Add(FetchedMessage fetched)
            {
                Mails++;
                Bytes += fetched.RawLength;
            }
        }
    }
}
