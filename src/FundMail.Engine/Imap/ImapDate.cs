using System;
using System.Globalization;

namespace FundMail.Imap
{
    /// <summary>IMAP date formats: date-time in INTERNALDATE ("17-Jul-1996 02:44:25 -0700") and date in SEARCH ("1-Feb-1994").</summary>
    internal static class ImapDate
    {
        private static readonly string[] Months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

        public static DateTimeOffset ParseDateTime(string text)
        {
            // date-day-fixed may be space-padded (" 7-Jul-1996"); the zone's sign is a '-' too, so it is cut off first.
            var trimmed = text.Trim();
            var lastSpace = trimmed.LastIndexOf(' ');
            var zone = lastSpace < 0 ? "" : trimmed.Substring(lastSpace + 1);
            var parts = trimmed.Substring(0, Math.Max(lastSpace, 0)).Split(new[] { '-', ' ', ':' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 6)
                throw Bad(text);
            var month = Array.FindIndex(Months, m => string.Equals(m, parts[1], StringComparison.OrdinalIgnoreCase)) + 1;
            if (month == 0
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
                || !int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var minute)
                || !int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var second))
                throw Bad(text);
            if (zone.Length != 5 || (zone[0] != '+' && zone[0] != '-')
                || !int.TryParse(zone.Substring(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var zoneHours)
                || !int.TryParse(zone.Substring(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var zoneMinutes))
                throw Bad(text);
            var offset = new TimeSpan(zoneHours, zoneMinutes, 0);
            try
            {
                return new DateTimeOffset(year, month, day, hour, minute, second, zone[0] == '-' ? -offset : offset);
            }
            catch (ArgumentException)
            {
                throw Bad(text);
            }
        }

        public static string FormatDate(DateTime date) =>
            date.Day.ToString(CultureInfo.InvariantCulture) + "-" + Months[date.Month - 1] + "-" + date.Year.ToString("0000", CultureInfo.InvariantCulture);

        private static ImapProtocolException Bad(string text) =>
            new ImapProtocolException("INTERNALDATE '" + text + "' is not an IMAP date-time (dd-Mon-yyyy hh:mm:ss +zzzz)");
    }
}
