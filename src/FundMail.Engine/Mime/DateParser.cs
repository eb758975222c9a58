using System;
using System.Collections.Generic;
using System.Globalization;

namespace FundMail.Mime
{
    /// <summary>
    /// RFC 5322 dates plus the obsolete forms real mail uses: optional weekday, 2- and 3-digit years,
    /// missing seconds, named and military zones, comments anywhere (even "(EDT) -0400"), asctime order.
    /// "-0000" means UTC with unknown local zone and is returned as +00:00. No zone at all: UTC, with a defect.
    /// </summary>
    internal static class DateParser
    {
        private static readonly string[] Months = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };

        private static readonly Dictionary<string, int> Zones = new Dictionary<string, int>
        {
            ["ut"] = 0, ["utc"] = 0, ["gmt"] = 0, ["z"] = 0, ["wet"] = 0, ["bst"] = 60, ["cet"] = 60, ["met"] = 60,
            ["cest"] = 120, ["mest"] = 120, ["eet"] = 120, ["kst"] = 540, ["jst"] = 540,
            ["est"] = -300, ["edt"] = -240, ["cst"] = -360, ["cdt"] = -300,
            ["mst"] = -420, ["mdt"] = -360, ["pst"] = -480, ["pdt"] = -420,
        };

        internal static DateTimeOffset? Parse(string? text, List<string> defects)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var tokens = Comments.Strip(text!).Replace(",", " ").Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            int? day = null, month = null, year = null, offset = null;
            int[]? time = null;
            foreach (var raw in tokens)
            {
                var t = raw.ToLowerInvariant().TrimEnd('.');
                if (time == null && t.IndexOf(':') > 0) { time = ParseTime(t); if (time != null) continue; }
                if ((t[0] == '+' || t[0] == '-') && t.Length == 5 && int.TryParse(t.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
                {
                    if (offset == null) offset = (t[0] == '-' ? -1 : 1) * (hhmm / 100 * 60 + hhmm % 100);
                    continue;
                }
                if (month == null && t.Length >= 3 && Array.IndexOf(Months, t.Substring(0, 3)) >= 0 && char.IsLetter(t[0]))
                {
                    month = Array.IndexOf(Months, t.Substring(0, 3)) + 1;
                    continue;
                }
                if (offset == null && Zones.TryGetValue(t, out var zone)) { offset = zone; continue; }
                if (offset == null && t.Length == 1 && char.IsLetter(t[0]) && t != "j") { offset = 0; continue; } // military: treat as -0000
                if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    if (day == null && t.Length <= 2 && n >= 1 && n <= 31 && (year == null || month != null)) day = n;
                    else if (year == null) year = t.Length <= 2 ? (n < 50 ? 2000 + n : 1900 + n) : t.Length == 3 ? 1900 + n : n;
                }
            }
            if (day == null || month == null || year == null) { defects.Add("Date: not a date: " + Shorten(text!)); return null; }
            time ??= new[] { 0, 0, 0 };
            if (offset == null) { defects.Add("Date: no zone, UTC assumed"); offset = 0; }
            try
            {
                var days = DateTime.DaysInMonth(year.Value, month.Value);
                if (day > days || Math.Abs(offset.Value) > 14 * 60) throw new ArgumentOutOfRangeException(nameof(text));
                var local = new DateTime(year.Value, month.Value, day.Value, time[0], time[1], Math.Min(time[2], 59), DateTimeKind.Unspecified);
                return new DateTimeOffset(local, TimeSpan.FromMinutes(offset.Value));
            }
            catch (ArgumentOutOfRangeException)
            {
                defects.Add("Date: out of range: " + Shorten(text!));
                return null;
            }
        }

        private static int[]? ParseTime(string t)
        {
            var parts = t.Split(':');
            if (parts.Length < 2 || parts.Length > 3) return null;
            var v = new int[3];
            for (var i = 0; i < parts.Length; i++)
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out v[i])) return null;
            if (v[0] > 23 || v[1] > 59 || v[2] > 60) return null;
            return v;
        }

        private static string Shorten(string s) => s.Length > 80 ? s.Substring(0, 80) + "..." : s;
    }
}
