using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using FundMail.Mime;
using Microsoft.Data.Sqlite;

namespace FundMail.Store
{
    /// <summary>
    /// Reads a saved fm_*.db back into mail objects (Get-FundMail -Path), one at a time.
    /// File paths resolve against the attachment base, by default the DB's own folder.
    /// </summary>
    public static class MailDbReader
    {
        public static IEnumerable<MailMessage> Read(string dbPath, string? attachBaseDir = null)
        {
            if (!File.Exists(dbPath))
                throw new FileNotFoundException("no such FundMail database: " + dbPath, dbPath);
            var baseDir = Path.GetFullPath(attachBaseDir ?? Path.GetDirectoryName(Path.GetFullPath(dbPath))!);
            using var connection = MailDb.OpenReadOnly(dbPath);
            Dictionary<string, List<MailAttachment>> attachments;
            try
            {
                attachments = ReadAttachments(connection, baseDir);
            }
            catch (SqliteException e)
            {
                throw NotOurs(dbPath, e);
            }
            using var command = connection.CreateCommand();
            command.CommandText = @"SELECT id, message_id, subject, sender_name, sender_address, to_list, cc_list, email_time, sent_time,
                content, content_html, imap_uid, imap_uid_validity, raw_size, raw_sha256, raw_folder, raw_file_name, defects FROM fund_mail ORDER BY rowid";
            SqliteDataReader reader;
            try
            {
                reader = command.ExecuteReader();
            }
            catch (SqliteException e)
            {
                throw NotOurs(dbPath, e);
            }
            using (reader)
            {
                while (reader.Read())
                {
                    var id = reader.GetString(0);
                    var mail = new MailMessage
                    {
                        EmailId = id,
                        MessageId = Text(reader, 1),
                        Subject = Text(reader, 2),
                        From = Text(reader, 4) is { } address ? new EmailAddress(Text(reader, 3), address) : null,
                        To = AddressJson.Read(Text(reader, 5)),
                        Cc = AddressJson.Read(Text(reader, 6)),
                        ReceivedTime = Time(Text(reader, 7)),
                        SentTime = Time(Text(reader, 8)),
                        BodyText = Text(reader, 9),
                        BodyHtml = Text(reader, 10),
                        Uid = reader.IsDBNull(11) ? 0 : (uint)reader.GetInt64(11),
                        UidValidity = reader.IsDBNull(12) ? 0 : (uint)reader.GetInt64(12),
                        RawSize = reader.GetInt64(13),
                        RawSha256 = reader.GetString(14),
                        RawPath = Path.Combine(baseDir, Text(reader, 15) ?? "", Text(reader, 16) ?? ""),
                        Defects = JsonSerializer.Deserialize<List<string>>(Text(reader, 17) ?? "[]") ?? new List<string>(),
                    };
                    if (attachments.TryGetValue(id, out var list))
                        mail.Attachments = list;
                    yield return mail;
                }
            }
        }

        private static Dictionary<string, List<MailAttachment>> ReadAttachments(SqliteConnection connection, string baseDir)
        {
            var byParent = new Dictionary<string, List<MailAttachment>>(StringComparer.Ordinal);
            using var command = connection.CreateCommand();
            command.CommandText = @"SELECT parent_id, save_folder, file_name, original_file_name, content_type, size, sha256, is_inline, content_id, part_path
                FROM fund_mail_attach ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var parent = reader.GetString(0);
                if (!byParent.TryGetValue(parent, out var list))
                    byParent[parent] = list = new List<MailAttachment>();
                list.Add(new MailAttachment
                {
                    ContentPath = Path.Combine(baseDir, reader.GetString(1), reader.GetString(2)),
                    FileName = Text(reader, 3),
                    ContentType = reader.GetString(4),
                    Size = reader.GetInt64(5),
                    Sha256 = reader.GetString(6),
                    IsInline = reader.GetInt64(7) != 0,
                    ContentId = Text(reader, 8),
                    PartPath = reader.GetString(9),
                });
            }
            return byParent;
        }

        private static NotAMailDbException NotOurs(string dbPath, SqliteException e) => new NotAMailDbException(dbPath, e.Message);

        private static string? Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

        private static DateTimeOffset? Time(string? iso) =>
            iso == null ? (DateTimeOffset?)null : DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }
}
