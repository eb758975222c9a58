using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FundMail.Imap
{
    /// <summary>Writes UID lists as compact IMAP sequence sets ("1:500,502,504:510"), split so no command line grows too long.</summary>
    internal static class UidSet
    {
        /// <summary>
        /// Longest sequence set per command. RFC 7162 asks servers to accept 8,192-octet lines; Exchange is known to
        /// reject much longer ones, so sets stay under 4,000 octets, leaving room for the rest of the command.
        /// </summary>
        public const int MaxSetLength = 4000;

        public static IReadOnlyList<string> Build(IEnumerable<uint> uids, int maxLength = MaxSetLength)
        {
            var sets = new List<string>();
            var current = new StringBuilder();
            foreach (var range in Ranges(uids))
            {
                var text = range.First == range.Last
                    ? range.First.ToString(CultureInfo.InvariantCulture)
                    : range.First.ToString(CultureInfo.InvariantCulture) + ":" + range.Last.ToString(CultureInfo.InvariantCulture);
                if (current.Length > 0 && current.Length + 1 + text.Length > maxLength)
                {
                    sets.Add(current.ToString());
                    current.Clear();
                }
                if (current.Length > 0)
                    current.Append(',');
                current.Append(text);
            }
            if (current.Length > 0)
                sets.Add(current.ToString());
            return sets;
        }

        private static IEnumerable<(uint First, uint Last)> Ranges(IEnumerable<uint> uids)
        {
            var sorted = uids.Distinct().OrderBy(u => u).ToList();
            if (sorted.Count > 0 && sorted[0] == 0)
                throw new ArgumentException("UID 0 does not exist in IMAP", nameof(uids));
            for (var i = 0; i < sorted.Count;)
            {
                var first = sorted[i];
                var last = first;
                while (++i < sorted.Count && sorted[i] == last + 1)
                    last = sorted[i];
                yield return (first, last);
            }
        }
    }
}
