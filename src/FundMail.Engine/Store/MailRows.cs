using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using FundMail.Mime;
using Microsoft.Data.Sqlite;

namespace FundMail.Store
{
    /// <summary>Maps planned mails onto fund_mail and fund_mail_attach rows.</summary>
    internal static class MailRows
    {
        public static void Insert(SqliteConnection connection, SqliteTransaction transaction, BatchPlan plan)
        {
            using var mailInsert = connection.CreateCommand();
            mailInsert.Transaction = transaction;
            mailInsert.CommandText = @"INSERT INTO fund_mail (id, subject, sender, email_time, content, sender_name, sender_address, to_list, cc_list,
                sent_time, content_html, message_id, imap_uid, imap_uid_validity, raw_size, raw_sha256, raw_folder, raw_file_name, defects,
                attachment_count, stored_at)
                VALUES ($id, $subject, $sender, $email_time, $content, $sender_name, $sender_address, $to_list, $cc_list,
                $sent_time, $content_html, $message_id, $imap_uid, $imap_uid_validity, $raw_size, $raw_sha256, $raw_folder, $raw_file_name, $defects,
                $attachment_count, $stored_at)";
            using var attachInsert = connection.CreateCommand();
            attachInsert.Transaction = transaction;
            attachInsert.CommandText = @"INSERT INTO fund_mail_attach (parent_id, save_folder, file_name, original_file_name, content_type, size, sha256,
                is_inline, content_id, part_path)
                VALUES ($parent_id, $save_folder, $file_name, $original_file_name, $content_type, $size, $sha256, $is_inline, $content_id, $part_path)";

            var storedAt = Iso(DateTimeOffset.Now);
            foreach (var planned in plan.Mails)
            {
                var mail = planned.Mail;
                Bind(mailInsert,
                    ("$id", planned.Id), ("$subject", mail.Subject), ("$sender", mail.From?.ToString()), ("$email_time", Iso(mail.ReceivedTime)),
                    ("$content", mail.BodyText), ("$sender_name", mail.From?.Name), ("$sender_address", mail.From?.Address),
                    ("$to_list", Join(mail.To)), ("$cc_list", Join(mail.Cc)), ("$sent_time", Iso(mail.SentTime)), ("$content_html", mail.BodyHtml),
                    ("$message_id", mail.MessageId), ("$imap_uid", mail.Uid == 0 ? null : (object)(long)mail.Uid),
                    ("$imap_uid_validity", mail.UidValidity == 0 ? null : (object)(long)mail.UidValidity),
                    ("$raw_size", mail.RawSize), ("$raw_sha256", mail.RawSha256), ("$raw_folder", planned.DayFolder), ("$raw_file_name", planned.RawFileName),
                    ("$defects", JsonSerializer.Serialize(mail.Defects)), ("$attachment_count", planned.Attachments.Count), ("$stored_at", storedAt));
                mailInsert.ExecuteNonQuery();
                foreach (var attachment in planned.Attachments)
                {
                    var source = attachment.Source;
                    Bind(attachInsert,
                        ("$parent_id", planned.Id), ("$save_folder", planned.DayFolder), ("$file_name", attachment.FileName),
                        ("$original_file_name", source.FileName), ("$content_type", source.ContentType), ("$size", source.Size),
                        ("$sha256", source.Sha256), ("$is_inline", source.IsInline ? 1 : 0), ("$content_id", source.ContentId), ("$part_path", source.PartPath));
                    attachInsert.ExecuteNonQuery();
                }
            }
        }

        private static void Bind(SqliteCommand command, params (string name, object? value)[] values)
        {
            command.Parameters.Clear();
            foreach (var (name, value) in values)
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        private static string? Join(System.Collections.Generic.IReadOnlyCollection<EmailAddress> addresses) =>
            addresses.Count == 0 ? null : AddressJson.Write(addresses);

        private static string? Iso(DateTimeOffset? time) =>
            time?.ToLocalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
