using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Host.Cli;
using FundMail.Mailbox;
using FundMail.Mime;
using FundMail.Store;

namespace FundMail.Host.Commands
{
    /// <summary>`fundmail get`: lists mail from the mailbox (read-only, no checkpoint moves) or from saved fm_*.db files.</summary>
    internal sealed class GetCommand : ICommand
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
        };

        public string Name => "get";
        public string Usage => "get (--since DATE | --last N | --uid SET | --path FILE.db) [--json]";
        public string Summary => "list mail: UID, received time, size, sender, subject";
        public IReadOnlyCollection<string> Options => new[] { "since", "last", "uid", "path" };
        public IReadOnlyCollection<string> Switches => new[] { "json" };

        public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
        {
            var args = context.Arguments;
            var chosen = new[] { "since", "last", "uid", "path" }.Where(args.Has).ToList();
            if (chosen.Count != 1)
                throw new UsageException("give exactly one of --since, --last, --uid or --path");
            var output = new MailOutput(args.Has("json"));

            if (args.Has("path"))
            {
                foreach (var mail in MailDbReader.Read(args.Value("path")!))
                    output.Write(mail);
                output.End();
                return ExitCodes.Success;
            }

            var query = Query(args);
            var settings = MailboxSettings.Read(context.LoadConfig());
            using var tokens = settings.App == null ? null : new CachedTokenProvider(settings.App, settings.TokenCacheDirectory);
            using var reader = await MailReader.OpenAsync(settings.Imap, tokens, context.Log, cancellationToken).ConfigureAwait(false);
            var uids = await reader.FindAsync(query, cancellationToken).ConfigureAwait(false);
            await reader.FetchAsync(uids, mail =>
            {
                output.Write(mail);
                return Task.CompletedTask;
            }, cancellationToken, query.Since).ConfigureAwait(false);
            output.End();
            return ExitCodes.Success;
        }

        private static MailQuery Query(Arguments args)
        {
            if (args.Has("last"))
            {
                if (!int.TryParse(args.Value("last"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                    throw new UsageException("--last takes a whole number of messages, at least 1");
                return MailQuery.LastMessages(n);
            }
            if (args.Has("uid"))
                return MailQuery.ByUid(args.Value("uid")!);
            var text = args.Value("since")!;
            if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                return MailQuery.ReceivedSince(new DateTimeOffset(day, TimeZoneInfo.Local.GetUtcOffset(day)));
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var since))
                return MailQuery.ReceivedSince(since);
            throw new UsageException("--since takes a date (2026-11-21) or a date and time (2026-11-21T09:00+09:00), got '" + text + "'");
        }

        /// <summary>One line per mail, or a JSON array streamed as mails arrive.</summary>
        private sealed class MailOutput
        {
            private readonly bool _json;
            private int _count;

            public MailOutput(bool json)
            {
                _json = json;
                if (_json)
                    Console.Out.Write("[");
                else
                    Console.Out.WriteLine("UID".PadLeft(8) + "  " + "RECEIVED".PadRight(25) + "  " + "SIZE".PadLeft(9) + "  FROM | SUBJECT");
            }

            public void Write(MailMessage mail)
            {
                if (_json)
                {
                    Console.Out.Write((_count == 0 ? "" : ",") + Environment.NewLine + JsonSerializer.Serialize(mail, Json));
                }
                else
                {
                    var received = mail.ReceivedTime?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) ?? "";
                    Console.Out.WriteLine(mail.Uid.ToString(CultureInfo.InvariantCulture).PadLeft(8) + "  " + received.PadRight(25) + "  " +
                                          mail.RawSize.ToString(CultureInfo.InvariantCulture).PadLeft(9) + "  " +
                                          (mail.From?.ToString() ?? "(no sender)") + " | " + (mail.Subject ?? "(no subject)"));
                }
                _count++;
            }

            public void End()
            {
                if (_json)
                    Console.Out.WriteLine((_count == 0 ? "" : Environment.NewLine) + "]");
            }
        }
    }
}
