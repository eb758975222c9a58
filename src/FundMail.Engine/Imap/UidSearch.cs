using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MailKit;
using MailKit.Search;

namespace FundMail.Imap
{
    /// <summary>The UID SEARCH queries the engine uses: everything, received since a date, or UIDs above a known one.</summary>
    public sealed class UidSearch
    {
        private UidSearch(SearchQuery query, string criteria, uint minimumUid, string description)
        {
            Query = query;
            Criteria = criteria;
            MinimumUid = minimumUid;
            Description = description;
        }

        internal SearchQuery Query { get; }

        /// <summary>The query as text, for messages and for telling two queries apart.</summary>
        internal string Criteria { get; }

        /// <summary>Results below this are dropped: "n:*" also matches the highest UID when that is below n.</summary>
        internal uint MinimumUid { get; }

        public string Description { get; }

        public static UidSearch All { get; } = new UidSearch(SearchQuery.All, "ALL", 1, "all messages");

        /// <summary>Messages whose internal date is on or after <paramref name="date"/> (day granularity, server's time zone).</summary>
        public static UidSearch Since(DateTime date)
        {
            var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return new UidSearch(SearchQuery.DeliveredAfter(date.Date), "SINCE " + day, 1, "messages since " + day);
        }

        /// <summary>Messages with a UID greater than <paramref name="uid"/>.</summary>
        public static UidSearch After(uint uid)
        {
            if (uid == uint.MaxValue)
                throw new ArgumentOutOfRangeException(nameof(uid), "no UID can follow " + uid);
            var first = uid + 1;
            return new UidSearch(SearchQuery.Uids(new UniqueIdRange(new UniqueId(first), UniqueId.MaxValue)),
                "UID " + first.ToString(CultureInfo.InvariantCulture) + ":*", first, "messages after UID " + uid);
        }

        /// <summary>Which of <paramref name="uids"/> still exist (to retry UIDs a fetch did not return, or learn they were expunged).</summary>
        public static UidSearch Among(IReadOnlyCollection<uint> uids)
        {
            var sets = UidSet.Build(uids);
            if (uids.Count == 0 || sets.Count != 1)
                throw new ArgumentException("between 1 and a command line's worth of UIDs are needed", nameof(uids));
            return new UidSearch(SearchQuery.Uids(uids.Select(u => new UniqueId(u)).ToList()), "UID " + sets[0], 1, uids.Count + " given UID(s)");
        }

        /// <summary>True when <paramref name="other"/> asks the server exactly the same.</summary>
        public bool IsSameAs(UidSearch other) => other != null && other.Criteria == Criteria && other.MinimumUid == MinimumUid;

        /// <summary>The server's answer as callers get it: below <see cref="MinimumUid"/> dropped, no duplicates, ascending.</summary>
        internal IReadOnlyList<uint> Normalise(IEnumerable<uint> found) => found.Where(u => u >= MinimumUid).Distinct().OrderBy(u => u).ToList();

        public override string ToString() => Description;
    }
}
