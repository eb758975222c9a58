using System;
using System.Globalization;
using System.Collections.Generic;
using System.Text.Json;
using FundMail.Mime;
using Microsoft.Data.Sqlite;

namespace FundMail.Store
{
    /// <summary>Maps a mail onto fund_mail and fund_mail_attach rows, with statements and parameters prepared once per batch.</summary>
    internal sealed class MailRows : IDisposable
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
            Declare(_mailInsert, "$id", "$subject", "$sender", "$email_time", "$content", "$sender_name", "$sender_address", "$to_list", "$cc_list",
                "$sent_time", "$content_html", "$message_id", "$imap_uid", "$imap_uid_validity", "$raw_size", "$raw_sha256", "$raw_folder",
                "$raw_file_name", "$defects", "$attachment_count", "$stored_at");
            _attachInsert = connection.CreateCommand();
            _attachInsert.Transaction = transaction;
            _attachInsert.CommandText = @"INSERT INTO fund_mail_attach (parent_id, save_folder, file_name, original_file_name, content_type, size, sha256,
                is_inline, content_id, part_path)
                VALUES ($parent_id, $save_folder, $file_name, $original_file_name, $content_type, $size, $sha256, $is_inline, $content_id, $part_path)";
            Declare(_attachInsert, "$parent_id", "$save_folder", "$file_name", "$original_file_name", "$content_type", "$size", "$sha256",
                "$is_inline", "$content_id", "$part_path");
            _mailInsert.Prepare();
            _attachInsert.Prepare();
        }

        public void Dispose()
        {
            _mailInsert.Dispose();
            _attachInsert.Dispose();
        }

        public void Insert(string id, MailMessage mail, string day, string rawFileName, IReadOnlyList<(MailAttachment attachment, string fileName)> attachments)
        {
            Bind(_mailInsert,
                id, mail.Subject, mail.From?.ToString(), Iso(mail.ReceivedTime),
                mail.BodyText, mail.From?.Name, mail.From?.Address,
                Join(mail.To), Join(mail.Cc), Iso(mail.SentTime), mail.BodyHtml,
                mail.MessageId, mail.Uid == 0 ? null : (object)(long)mail.Uid,
                mail.UidValidity == 0 ? null : (object)(long)mail.UidValidity,
                mail.RawSize, mail.RawSha256, day, rawFileName,
                JsonSerializer.Serialize(mail.Defects), attachments.Count, _storedAt);
            _mailInsert.ExecuteNonQuery();
            try
            {
                foreach (var (source, fileName) in attachments)
                {
                    Bind(_attachInsert,
                        id, day, fileName,
                        source.FileName, source.ContentType, source.Size,
                        source.Sha256, source.IsInline ? 1 : 0, source.ContentId, source.PartPath);
                    _attachInsert.ExecuteNonQuery();
                }
            }
            catch
            {
                // All rows of a mail or none; the batch runs without a rollback journal, so no savepoint can do this.
                using var delete = _mailInsert.Connection!.CreateCommand();
                delete.Transaction = _mailInsert.Transaction;
                delete.CommandText = "DELETE FROM fund_mail_attach WHERE parent_id = $id; DELETE FROM fund_mail WHERE id = $id;";
                delete.Parameters.AddWithValue("$id", id);
                delete.ExecuteNonQuery();
                throw;
            }
        }

        private static void Declare(SqliteCommand command, params string[] names)
        {
            foreach (var name in names)
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        /// <summary>Values in the order the parameters were declared.</summary>
        private static void Bind(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        private static string? Join(IReadOnlyCollection<EmailAddress> addresses) =>
            addresses.Count == 0 ? null : AddressJson.Write(addresses);

        private static string? Iso(DateTimeOffset? time) =>
            time?.ToLocalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
