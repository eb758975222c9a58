using System;
using System.Collections.Generic;
using System.IO;
using FundMail.Mime;

namespace FundMail.Store
{
    /// <summary>Chooses the DB name, mail ids and file names for a batch of parsed mails.</summary>
    public static class BatchPlanner
    {
        public static BatchPlan Plan(IReadOnlyList<MailMessage> mails, StoreLayout layout, DateTimeOffset runTime)
        {
            var folders = new Dictionary<string, FolderNames>(StringComparer.Ordinal);
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            var planned = new List<PlannedMail>(mails.Count);
            foreach (var mail in mails)
            {
                if (ids.TryGetValue(mail.EmailId, out var sha) && sha == mail.RawSha256)
                    continue; // the very same mail twice (e.g. delivered via To and Bcc): store it once
                var id = ids.ContainsKey(mail.EmailId) ? mail.EmailId + "#" + mail.RawSha256.Substring(0, 12) : mail.EmailId;
                ids[id] = mail.RawSha256;

                var day = StoreLayout.DayFolder(mail.ReceivedTime ?? runTime);
                if (!folders.TryGetValue(day, out var names))
                    folders[day] = names = new FolderNames(Path.Combine(layout.AttachBaseDir, day));
                var raw = names.Reserve(RawName(mail));
                var attachments = new List<PlannedAttachment>(mail.Attachments.Count);
                foreach (var attachment in mail.Attachments)
                    attachments.Add(new PlannedAttachment(attachment, names.Reserve(SafeFileName.From(attachment.FileName))));
                planned.Add(new PlannedMail(mail, id, day, raw, attachments));
            }
            return new BatchPlan(layout, layout.NewDbPath(runTime), planned);
        }

        private static string RawName(MailMessage mail) =>
            mail.Uid != 0 ? "mail_" + mail.UidValidity + "_" + mail.Uid + ".eml" : "mail_" + mail.RawSha256.Substring(0, 16) + ".eml";

        /// <summary>Names taken in one folder, on disk or earlier in this batch; case-insensitive as on Windows.</summary>
        private sealed class FolderNames
        {
            private readonly string _folder;
            private readonly HashSet<string> _taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            public FolderNames(string folder)
            {
                _folder = folder;
                if (Directory.Exists(folder))
                    foreach (var file in Directory.EnumerateFiles(folder))
                        _taken.Add(Path.GetFileName(file));
            }

            public string Reserve(string safeName)
            {
                for (var n = 1; ; n++)
                {
                    var candidate = SafeFileName.Numbered(safeName, n);
                    if (_taken.Add(candidate))
                        return candidate;
                }
            }
        }
    }
}
