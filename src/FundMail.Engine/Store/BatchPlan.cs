using System.Collections.Generic;
using System.IO;
using FundMail.Mime;

namespace FundMail.Store
{
    /// <summary>
    /// Every name a batch will write, decided before anything is written, so a crash can be cleaned up
    /// from the plan alone: the DB file, and per mail its raw .eml and attachment files.
    /// </summary>
    public sealed class BatchPlan
    {
        internal BatchPlan(StoreLayout layout, string dbPath, IReadOnlyList<PlannedMail> mails)
        {
            Layout = layout;
            DbPath = dbPath;
            Mails = mails;
        }

        public StoreLayout Layout { get; }
        public string DbPath { get; }
        public IReadOnlyList<PlannedMail> Mails { get; }

        /// <summary>Absolute paths of the raw messages and attachments, in writing order.</summary>
        public IEnumerable<string> ContentFiles
        {
            get
            {
                foreach (var mail in Mails)
                {
                    yield return mail.RawPath(Layout);
                    foreach (var attachment in mail.Attachments)
                        yield return attachment.Path(Layout, mail.DayFolder);
                }
            }
        }
    }

    public sealed class PlannedMail
    {
        internal PlannedMail(MailMessage mail, string id, string dayFolder, string rawFileName, IReadOnlyList<PlannedAttachment> attachments)
        {
            Mail = mail;
            Id = id;
            DayFolder = dayFolder;
            RawFileName = rawFileName;
            Attachments = attachments;
        }

        public MailMessage Mail { get; }

        /// <summary>fund_mail.id: the email id, made unique within the file when two different mails share one.</summary>
        public string Id { get; }

        public string DayFolder { get; }
        public string RawFileName { get; }
        public IReadOnlyList<PlannedAttachment> Attachments { get; }

        public string RawPath(StoreLayout layout) => Path.Combine(layout.AttachBaseDir, DayFolder, RawFileName);
    }

    public sealed class PlannedAttachment
    {
        internal PlannedAttachment(MailAttachment source, string fileName)
        {
            Source = source;
            FileName = fileName;
        }

        public MailAttachment Source { get; }

        /// <summary>The safe, unique name the file is saved under.</summary>
        public string FileName { get; }

        public string Path(StoreLayout layout, string dayFolder) => System.IO.Path.Combine(layout.AttachBaseDir, dayFolder, FileName);
    }
}
