using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Imap;
using FundMail.Logging;
using FundMail.Net;
using FundMail.Store;
using FundMail.Util;

namespace FundMail.Bench.Fetch
{
    /// <summary>
    /// FundMail's side of the fetch benchmark, run as its own process. "ours-fetch" downloads every INBOX message
    /// into raw files, as mbsync does into its maildir; "ours-ingest" runs the cycle's capture step itself
    /// (<see cref="MailCapture"/>: fetch, parse, store one batch, durable commit, ledger, outbox, checkpoint).
    /// Prints one JSON line saying where the time went.
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

            // As the cycle's mailbox connector does: the trust store loads on the other core during the TCP handshake.
            _ = TlsTrust.WarmUpAsync();
            using var client = new MailKitMailboxClient(new ImapConnectOptions(args.Host) { Port = args.Port, Trust = TlsTrust.WithExtraCa(args.CaFile) });
            await client.ConnectAsync(ct);
            phases.Connect = clock.Elapsed.TotalSeconds;
            await client.AuthenticateAsync(ImapCredentials.Login(args.User, new Secret(password)), ct);
            phases.Login = clock.Elapsed.TotalSeconds - phases.Connect;
            // As the cycle does: EXAMINE and the search in one call.
            var search = command == FetchCommand ? UidSearch.All : UidSearch.After(0);
            var state = await client.ExamineAndSearchAsync("INBOX", search, ct);
            if (command == FetchCommand)
            {
                var uids = state.Found(search)!;
                phases.Search = clock.Elapsed.TotalSeconds - phases.Connect - phases.Login;
                Directory.CreateDirectory(args.OutDir);
                var result = await client.FetchAsync(uids, args.OutDir, fetched =>
                {
                    phases.Mails++;
                    phases.Bytes += fetched.RawLength;
                    return Task.CompletedTask;
                }, ct);
                if (result.Delivered != uids.Count)
                    throw new InvalidOperationException("fetched " + result.Delivered + " of " + uids.Count + " messages");
            }
            else
            {
                // The capture's plan takes the search for UIDs after its checkpoint (UID 0).
                phases.Search = clock.Elapsed.TotalSeconds - phases.Connect - phases.Login;
                await IngestAsync(client, state, args.OutDir, phases, ct);
            }
            await client.LogoutAsync(ct);
            phases.Total = phases.Startup + clock.Elapsed.TotalSeconds;
            phases.CpuSeconds = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            Console.WriteLine(JsonSerializer.Serialize(phases));
            return 0;
        }

        /// <summary>
        /// The cycle's own capture (<see cref="MailCapture"/>: plan, fetch, parse, store, commit, ledger, outbox, checkpoint)
        /// from a checkpoint at UID 0 of this UIDVALIDITY, so it takes every message, as after a long time offline.
        /// </summary>
        private static async Task IngestAsync(MailKitMailboxClient client, MailboxState state, string outDir, Phases phases, CancellationToken ct)
        {
            var store = StoreSettings.Read(ConfigSource.FromValues(new Dictionary<string, string> { [ConfigKeys.BaseDir] = outDir }));
            using var ledger = Ledger.Open(outDir);
            var report = new CycleReport();
            var checkpoint = new Checkpoint { UidValidity = state.UidValidity, LastUid = 0 };
            await MailCapture.RunAsync(client, state, checkpoint, store, ledger, new Outbox(outDir), report, new NullLog(), DateTimeOffset.Now, ct);
            if (report.MailsStored != state.Exists)
                throw new InvalidOperationException("stored " + report.MailsStored + " of " + state.Exists + " messages");
            // Bytes stay 0: the parent counts the stored files after the process ends, outside its time.
            phases.Mails = report.MailsStored;
            phases.Timings = report.Timings;
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
            public double Total { get; set; }

            /// <summary>User + system CPU seconds of the whole process: the fair measure on a busy machine.</summary>
            public double CpuSeconds { get; set; }

            /// <summary>Ingest only: the cycle report's busy time per stage (fetch, parse, store, commit, ...).</summary>
            public IReadOnlyDictionary<string, double>? Timings { get; set; }
        }
    }
}
