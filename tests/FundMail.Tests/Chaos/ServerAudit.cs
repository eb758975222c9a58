using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using FundMail.Store;

namespace FundMail.Tests.Chaos
{
    /// <summary>
    /// Reads everything on the SFTP server's folder and checks it against what was delivered: each mail (Message-ID plus
    /// raw sha256: a byte-identical copy is the same mail, other content under the same Message-ID another) in exactly one
    /// uploaded DB, a mail expunged right after delivery in at most one, its raw .eml and every attachment present with the right size and sha256, no file left unnamed.
    /// </summary>
    public sealed class ServerAudit
    {
        public int Delivered { get; private set; }
        public int OnServer { get; private set; }
        public int Duplicated { get; private set; }
        public int Missing { get; private set; }
        public int ExpungedCaptured { get; private set; }
        public int ExpungedGone { get; private set; }
        public int Unknown { get; private set; }
        public int Databases { get; private set; }
        public int FilesChecked { get; private set; }
        public int LeftoverTempFiles { get; private set; }
        public List<string> Problems { get; } = new List<string>();

        public override string ToString() =>
            "delivered " + Delivered + " / on server " + OnServer + " / duplicated " + Duplicated + " / missing " + Missing +
            " (of them expunged right after delivery: " + ExpungedCaptured + " captured first, " + ExpungedGone + " gone)";

        public static ServerAudit Check(string remoteDir, IReadOnlyDictionary<string, ExpectedMail> delivered, IReadOnlyCollection<string> expunged)
        {
            var audit = new ServerAudit { Delivered = delivered.Count };
            var occurrences = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var named = new HashSet<string>(StringComparer.Ordinal);
            var databases = Directory.Exists(remoteDir) ? Directory.GetFiles(remoteDir, "fm_*.db") : Array.Empty<string>();
            audit.Databases = databases.Length;
            foreach (var db in databases.OrderBy(d => d, StringComparer.Ordinal))
            {
                named.Add(Path.GetFullPath(db));
                foreach (var mail in MailDbReader.Read(db))
                {
                    var id = ExpectedMail.KeyOf(ChaosMail.Normalize(mail.MessageId), mail.RawSha256);
                    if (!occurrences.TryGetValue(id, out var dbs))
                        occurrences[id] = dbs = new List<string>();
                    dbs.Add(Path.GetFileName(db));
                    named.Add(Path.GetFullPath(mail.RawPath));
                    foreach (var attachment in mail.Attachments)
                        named.Add(Path.GetFullPath(attachment.ContentPath));
                    if (!delivered.TryGetValue(id, out var expected))
                    {
                        audit.Unknown++;
                        audit.Problems.Add(Path.GetFileName(db) + " holds " + id + ", which was never delivered");
                        continue;
                    }
                    audit.CheckFiles(mail, expected, Path.GetFileName(db));
                }
            }

            foreach (var id in delivered.Keys)
            {
                if (!occurrences.TryGetValue(id, out var dbs) && expunged.Contains(id))
                {
                    audit.ExpungedGone++;
                    continue;
                }
                if (dbs == null)
                {
                    audit.Missing++;
                    audit.Problems.Add(id + " is on no server DB");
                    continue;
                }
                audit.OnServer++;
                if (expunged.Contains(id))
                    audit.ExpungedCaptured++;
                if (dbs.Count > 1)
                {
                    audit.Duplicated++;
                    audit.Problems.Add(id + " is on the server " + dbs.Count + " times: " + string.Join(", ", dbs));
                }
            }
            audit.CheckUnnamedFiles(remoteDir, named);
            return audit;
        }

        private void CheckFiles(FundMail.Mime.MailMessage mail, ExpectedMail expected, string db)
        {
            var where = expected.Key + " in " + db;
            if (mail.RawSha256 != expected.RawSha256)
                Problems.Add(where + ": raw sha256 in the DB is " + mail.RawSha256 + ", delivered " + expected.RawSha256);
            CheckFile(mail.RawPath, expected.RawSize, expected.RawSha256, where + " raw message");
            if (mail.Attachments.Count != expected.Attachments.Length)
                Problems.Add(where + ": " + mail.Attachments.Count + " attachment(s) stored, " + expected.Attachments.Length + " delivered");
            foreach (var want in expected.Attachments)
            {
                var stored = mail.Attachments.FirstOrDefault(a => a.Sha256 == want.Sha256 && a.Size == want.Size);
                if (stored == null)
                {
                    Problems.Add(where + ": attachment " + want.FileName + " (" + want.Size + " bytes, " + want.Sha256 + ") is not in the DB");
                    continue;
                }
                CheckFile(stored.ContentPath, want.Size, want.Sha256, where + " attachment " + want.FileName);
            }
        }

        private void CheckFile(string path, long size, string sha256, string what)
        {
            FilesChecked++;
            if (!File.Exists(path))
            {
                Problems.Add(what + ": " + path + " is not on the server");
                return;
            }
            var length = new FileInfo(path).Length;
            if (length != size)
            {
                Problems.Add(what + ": " + path + " has " + length + " bytes on the server, " + size + " expected");
                return;
            }
            using var stream = File.OpenRead(path);
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (actual != sha256)
                Problems.Add(what + ": " + path + " has sha256 " + actual + ", " + sha256 + " expected");
        }

        /// <summary>
        /// Every file under a final name must belong to an uploaded DB; the uploader's temp files (hidden, .fundmail-*.tmp)
        /// may stay behind after a kill until its one-hour sweep, but never under a name a reader would take.
        /// </summary>
        private void CheckUnnamedFiles(string remoteDir, HashSet<string> named)
        {
            if (!Directory.Exists(remoteDir))
                return;
            foreach (var file in Directory.EnumerateFiles(remoteDir, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(file);
                if (name.StartsWith(".", StringComparison.Ordinal) && name.Contains(".fundmail-") && name.EndsWith(".tmp", StringComparison.Ordinal))
                {
                    LeftoverTempFiles++;
                    continue;
                }
                if (!named.Contains(Path.GetFullPath(file)))
                    Problems.Add(Path.GetRelativePath(remoteDir, file) + " is on the server but no uploaded DB names it");
            }
        }
    }
}
