namespace FundMail.Store
{
    /// <summary>
    /// The fm_*.db layout. The seed's columns (fund_mail: id, subject, sender, email_time, content;
    /// fund_mail_attach: id, parent_id, save_folder, file_name) keep their exact names; the rest is what
    /// a downstream reader needs to trust and trace a mail.
    /// </summary>
    internal static class MailDbSchema
    {
        public const string Create = @"
CREATE TABLE fund_mail (
    id                 TEXT PRIMARY KEY,   -- email id: Message-ID, else <sha256-of-raw@fundmail>
    subject            TEXT,
    sender             TEXT,               -- display form: ""Name"" <address>
    email_time         TEXT,               -- received (IMAP INTERNALDATE), ISO 8601 with offset
    content            TEXT,               -- body text (text/plain, else HTML as text)
    sender_name        TEXT,
    sender_address     TEXT,
    to_list            TEXT,               -- JSON array of {name, address} objects; NULL when none
    cc_list            TEXT,               -- as to_list
    sent_time          TEXT,               -- Date header, ISO 8601 with offset
    content_html       TEXT,
    message_id         TEXT,               -- Message-ID header as written, NULL when absent
    imap_uid           INTEGER,
    imap_uid_validity  INTEGER,
    raw_size           INTEGER NOT NULL,
    raw_sha256         TEXT NOT NULL,
    raw_folder         TEXT,               -- the .eml's folder, relative to the attachment base
    raw_file_name      TEXT,               -- the raw message exactly as received
    defects            TEXT,               -- JSON array of parse defects; '[]' when clean
    attachment_count   INTEGER NOT NULL,
    stored_at          TEXT NOT NULL
);
CREATE TABLE fund_mail_attach (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id          TEXT NOT NULL REFERENCES fund_mail(id),
    save_folder        TEXT NOT NULL,      -- relative to the attachment base: yyyy_mm_dd
    file_name          TEXT NOT NULL,      -- the saved (safe, unique) file name
    original_file_name TEXT,               -- the decoded name as sent, NULL when the part had none
    content_type       TEXT NOT NULL,
    size               INTEGER NOT NULL,
    sha256             TEXT NOT NULL,
    is_inline          INTEGER NOT NULL,
    content_id         TEXT,
    part_path          TEXT NOT NULL
);
CREATE INDEX fund_mail_attach_parent ON fund_mail_attach(parent_id);
";
    }
}
