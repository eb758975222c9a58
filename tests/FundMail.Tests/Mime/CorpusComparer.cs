using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using FundMail.Mime;

namespace FundMail.Tests.Mime
{
    /// <summary>Compares one parsed corpus message with its expected.json entry, field by field.</summary>
    internal static class CorpusComparer
    {
        /// <summary>Fields that differ, each with a short "expected vs actual" text.</summary>
        internal static List<(string Field, string Detail)> Differences(JsonElement expected, MailMessage mail)
        {
            var diffs = new List<(string, string)>();
            void Check(string field, string? want, string? got)
            {
                if (want != got) diffs.Add((field, $"expected {Show(want)} got {Show(got)}"));
            }

            Check("subject", Str(expected, "subject"), mail.Subject);
            var from = expected.GetProperty("from");
            Check("from", from.ValueKind == JsonValueKind.Null ? null : $"{Str(from, "name")} <{Str(from, "address")}>",
                mail.From == null ? null : $"{mail.From.Name} <{mail.From.Address}>");
            Check("date", Str(expected, "date"), mail.SentTime?.ToString("yyyy-MM-dd'T'HH:mm:sszzz"));
            Check("message_id", Str(expected, "message_id"), mail.MessageId);
            Check("to", Addresses(expected.GetProperty("to")), string.Join(", ", mail.To.Select(a => $"{a.Name} <{a.Address}>")));
            Check("cc", Addresses(expected.GetProperty("cc")), string.Join(", ", mail.Cc.Select(a => $"{a.Name} <{a.Address}>")));

            var body = Str(expected, "text_body");
            var fromHtml = Str(expected, "text_body_source") == "text/html";
            Check("body", fromHtml ? Words(body) : body, fromHtml ? Words(mail.BodyText) : mail.BodyText);

            var want = expected.GetProperty("attachments").EnumerateArray().Select(a =>
                Attachment(Str(a, "filename"), Str(a, "content_type")!, a.GetProperty("size").GetInt64(), Str(a, "sha256")!,
                    a.GetProperty("inline").GetBoolean(), Str(a, "content_id")?.Trim().TrimStart('<').TrimEnd('>'))
                + (a.TryGetProperty("embedded", out var e) ? Embedded(Str(e, "subject"), e.GetProperty("attachments").GetArrayLength()) : "")).ToList();
            var got = mail.Attachments.Select(a => Attachment(a.FileName, a.ContentType, a.Size, a.Sha256, a.IsInline, a.ContentId)
                + (a.Embedded != null ? Embedded(a.Embedded.Subject, a.Embedded.Attachments.Count) : "")).ToList();
            Check("attachments", string.Join(" ; ", want), string.Join(" ; ", got));
            return diffs;
        }

        // message/* bytes in expected.json are Python's re-serialisation, so only name and type are comparable.
        private static string Attachment(string? name, string type, long size, string sha, bool inline, string? contentId) =>
            (type.StartsWith("message/", StringComparison.Ordinal) ? $"{name}|{type}" : $"{name}|{type}|{size}|{sha.Substring(0, 12)}") +
            (inline ? "|inline" : "") + (contentId == null ? "" : "|" + contentId);

        private static string Embedded(string? subject, int attachments) => $"|embedded: {subject} with {attachments} attachment(s)";

        private static string Addresses(JsonElement list) =>
            string.Join(", ", list.EnumerateArray().Select(a => $"{Str(a, "name")} <{Str(a, "address")}>"));

        internal static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        internal static string? Words(string? text) => text == null ? null : Regex.Replace(text, @"\s+", " ").Trim();

        private static string Show(string? s)
        {
            if (s == null) return "null";
            s = s.Replace("\n", "\\n");
            return "'" + (s.Length > 160 ? s.Substring(0, 160) + "..." : s) + "'";
        }
    }
}
