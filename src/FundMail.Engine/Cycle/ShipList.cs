using System;
using System.Collections.Generic;
using System.IO;
using FundMail.Store;
using FundMail.Util;
using Microsoft.Data.Sqlite;

namespace FundMail.Cycle
{
    /// <summary>One file to ship: where it is here, and its path below the remote directory (always '/'-separated).</summary>
    public sealed class ShipItem
    {
        public ShipItem(string localPath, string relativeRemotePath)
        {
            LocalPath = localPath;
            RelativeRemotePath = relativeRemotePath;
        }

        public string LocalPath { get; }
        public string RelativeRemotePath { get; }
    }

    /// <summary>
    /// The files a stored DB names, in shipping order: raw messages and attachments first, the DB last, so a DB
    /// never appears on the server before the files it names. Remote paths keep the layout relative to BASE_DIR.
    /// </summary>
    public static class ShipList
    {
        public static IReadOnlyList<ShipItem> For(string dbPath, StoreLayout layout)
        {
            var items = new List<ShipItem>();
            using (var connection = MailDb.OpenReadOnly(dbPath))
            {
                using var command = connection.CreateCommand();
                command.CommandText = @"SELECT raw_folder, raw_file_name FROM fund_mail WHERE raw_file_name IS NOT NULL
                                        UNION ALL SELECT save_folder, file_name FROM fund_mail_attach";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                    items.Add(Item(Path.Combine(layout.AttachBaseDir, reader.GetString(0), reader.GetString(1)), layout));
            }
            items.Add(Item(dbPath, layout));
            return items;
        }

        /// <summary>The stored mail with the highest UID (within <paramref name="uidValidity"/> when given), or null.</summary>
        public static (uint uidValidity, uint uid, string emailId, DateTimeOffset? received)? Newest(string dbPath, uint? uidValidity)
        {
            using var connection = MailDb.OpenReadOnly(dbPath);
            using var command = connection.CreateCommand();
            command.CommandText = @"SELECT imap_uid_validity, imap_uid, id, email_time FROM fund_mail
                                    WHERE imap_uid IS NOT NULL AND ($v IS NULL OR imap_uid_validity = $v) ORDER BY imap_uid DESC LIMIT 1";
            command.Parameters.AddWithValue("$v", uidValidity == null ? (object)DBNull.Value : (long)uidValidity.Value);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
                return null;
            DateTimeOffset? received = reader.IsDBNull(3) ? null : DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture);
            return ((uint)reader.GetInt64(0), (uint)reader.GetInt64(1), reader.GetString(2), received);
        }

        public static ShipItem Item(string localPath, StoreLayout layout)
        {
            var full = Path.GetFullPath(localPath);
            var root = Paths.IsUnder(full, layout.BaseDir) ? layout.BaseDir : Paths.IsUnder(full, layout.AttachBaseDir) ? layout.AttachBaseDir : null;
            var relative = root == null ? Path.GetFileName(full) : full.Substring(root.TrimEnd(Path.DirectorySeparatorChar).Length + 1);
            return new ShipItem(full, relative.Replace(Path.DirectorySeparatorChar, '/'));
        }
    }
}
