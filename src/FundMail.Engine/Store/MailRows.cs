using System;
using System.Globalization;
using System.Collections.Generic;
using System.Text.Json;
using FundMail.Mime;
using Microsoft.Data.Sqlite;

namespace FundMail.Store
{
    /// <summary>Maps a mail onto fund_mail and fund_mail_attach rows, with statements prepared once per batch.</summary>
    internal sealed class MailRows
    {
        private readonly SqliteCommand _mailInsert;
        private readonly SqliteCommand _attachInsert;
        private readonly string _storedAt = Iso(DateTimeOffset.Now)!;

        public MailRows(SqliteConnection connection, SqliteTransaction transaction)
        {
            _mailInsert = connection.CreateCommand();
            _mailInsert.Transaction = transaction;
            _mailInsert.CommandText = @"INSERT INTO fund_mail (id, subject, sender, email_time, content, sender_name, sender_address, to_list, cc_list,
                sent_time, content_html, message_id, imap_uid, imap_uid_validity, raw_size, raw_sha256, raw_folder, raw_file_name, defects,
                attachment_count, stored_at)
                VALUES ($id, $subject, $sender, $email_time, $content, $sender_name, $sender_address, $to_list, $cc_list,
                $sent_time, $content_html, $message_id, $imap_uid, $imap_uid_validity, $raw_size, $raw_sha256, $raw_folder, $raw_file_name, $defects,
                $attachment_count, $stored_at)";
            _attachInsert = connection.CreateCommand();
            _attachInsert.Transaction = transaction;
            _attachInsert.CommandText = @"INSERT INTO fund_mail_attach (parent_id, save_folder, file_name, original_file_name, content_type, size, sha256,
                is_inline, content_id, part_path)
                VALUES ($parent_id, $save_folder, $file_name, $original_file_name, $content_type, $size, $sha256, $is_inline, $content_id, $part_path)";
        }

        public void Insert(string id, MailMessage mail, string day, string rawFileName, IReadOnlyList<(MailAttachment attachment, string fileName)> attachments)
        {
            Bind(_mailInsert,
                ("$id", id), ("$subject", mail.Subject), ("$sender", mail.From?.ToString()), ("$email_time", Iso(mail.ReceivedTime)),
                ("$content", mail.BodyText), ("$sender_name", mail.From?.Name), ("$sender_address", mail.From?.Address),
                ("$to_list", Join(mail.To)), ("$cc_list", Join(mail.Cc)), ("$sent_time", Iso(mail.SentTime)), ("$content_html", mail.BodyHtml),
                ("$message_id", mail.MessageId), ("$imap_uid", mail.Uid == 0 ? null : (object)(long)mail.Uid),
                ("$imap_uid_validity", mail.UidValidity == 0 ? null : (object)(long)mail.UidValidity),
                ("$raw_size", mail.RawSize), ("$raw_sha256", mail.RawSha256), ("$raw_folder", day), ("$raw_file_name", rawFileName),
                ("$defects", JsonSerializer.Serialize(mail.Defects)), ("$attachment_count", attachments.Count), ("$stored_at", _storedAt));
            _mailInsert.ExecuteNonQuery();
            foreach (var (source, fileName) in attachments)
            {
                Bind(_attachInsert,
                    ("$parent_id", id), ("$save_folder", day), ("$file_name", fileName),
                    ("$original_file_name", source.FileName), ("$content_type", source.ContentType), ("$size", source.Size),
                    ("$sha256", source.Sha256), ("$is_inline", source.IsInline ? 1 : 0), ("$content_id", source.ContentId), ("$part_path", source.PartPath));
                _attachInsert.ExecuteNonQuery();
            }
        }

        private static void Bind(SqliteCommand command, params (string name, object? value)[] values)
        {
            command.Parameters.Clear();
            foreach (var (name, value) in values)
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        private static string? Join(IReadOnlyCollection<EmailAddress> addresses) =>
            addresses.Count == 0 ? null : AddressJson.Write(addresses);

        private static string? Iso(DateTimeOffset? time) =>
            time?.ToLocalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
