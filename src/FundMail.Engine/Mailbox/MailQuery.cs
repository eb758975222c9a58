using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace FundMail.Mailbox
{
    /// <summary>Which messages an ad hoc read wants: received since a time, the last N, or given UIDs.</summary>
    public sealed class MailQuery
    {
        private MailQuery(DateTimeOffset? since, int? last, IReadOnlyList<(uint first, uint last)>? uids, string description)
        {
            Since = since;
            Last = last;
            UidRanges = uids;
            Description = description;
        }

        public DateTimeOffset? Since { get; }
        public int? Last { get; }
        public IReadOnlyList<(uint first, uint last)>? UidRanges { get; }
        public string Description { get; }

        public static MailQuery ReceivedSince(DateTimeOffset since) =>
            new MailQuery(since, null, null, "received since " + since.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture));

        public static MailQuery LastMessages(int count)
        {
            if (count < 1)
                throw new ArgumentOutOfRangeException(nameof(count), "the number of messages must be at least 1");
            return new MailQuery(null, count, null, "the last " + count + " message(s)");
        }

        /// <summary>UIDs as IMAP writes them: "42", "100:200", "5,7,9:12".</summary>
        public static MailQuery ByUid(string set)
        {
            var ranges = new List<(uint, uint)>();
            foreach (var part in (set ?? "").Split(','))
            {
                var bounds = part.Trim().Split(':');
                if (bounds.Length > 2 || !TryUid(bounds[0], out var first) || !TryUid(bounds[bounds.Length - 1], out var last))
                    throw new FormatException("'" + set + "' is not a UID set; write UIDs like 42, 100:200 or 5,7,9:12");
                ranges.Add((Math.Min(first, last), Math.Max(first, last)));
            }
            return new MailQuery(null, null, ranges, "UID " + set);
        }

        /// <summary>The UIDs this query selects out of all UIDs in the folder (ascending).</summary>
        public IReadOnlyList<uint> Select(IReadOnlyList<uint> all)
        {
            if (Last != null)
                return all.Skip(Math.Max(0, all.Count - Last.Value)).ToList();
            if (UidRanges != null)
                return all.Where(uid => UidRanges.Any(r => uid >= r.first && uid <= r.last)).ToList();
            return all;
        }

        private static bool TryUid(string text, out uint uid) =>
            uint.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out uid) && uid > 0;

        public override string ToString() => Description;
    }
}
