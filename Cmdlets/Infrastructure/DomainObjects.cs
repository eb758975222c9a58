using System.Management.Automation;
using FundMail.Cycle;
using FundMail.Diagnostics;
using FundMail.Mime;
using FundMail.Sftp;
using FundMail.Store;

namespace FundMail.PowerShell.Infrastructure
{
    /// <summary>
    /// The names admins see on FundMail's output (format views, Get-Member, PSTypeNames checks): FundMail.Mail rather
    /// than the engine's FundMail.Mime.MailMessage. The engine object stays the base object, so Save-FundMailDb still
    /// takes it, and the .NET names follow the domain name in PSTypeNames.
    /// </summary>
    internal static class DomainObjects
    {
        public const string Mail = "FundMail.Mail";
        public const string Attachment = "FundMail.Attachment";
        public const string StoredFile = "FundMail.StoredFile";
        public const string UploadedFile = "FundMail.UploadedFile";
        public const string CycleReport = "FundMail.CycleReport";
        public const string CycleStatus = "FundMail.CycleStatus";
        public const string ConnectionCheck = "FundMail.ConnectionCheck";

        public static PSObject Of(MailMessage mail)
        {
            // PowerShell keeps a reference object's instance type names, so $mail.Attachments[0] shows as FundMail.Attachment too.
            foreach (var attachment in mail.Attachments)
            {
                Named(attachment, Attachment);
                if (attachment.Embedded != null)
                    Of(attachment.Embedded);
            }
            return Named(mail, Mail);
        }

        public static PSObject Of(StoredFile file) => Named(file, StoredFile);

        public static PSObject Of(UploadedFile file) => Named(file, UploadedFile);

        public static PSObject Of(CycleReport report)
        {
            foreach (var file in report.Uploaded)
                Named(file, UploadedFile);
            return Named(report, CycleReport);
        }

        public static PSObject Of(CycleStatus status) => Named(status, CycleStatus);

        public static PSObject Of(CheckResult result) => Named(result, ConnectionCheck);

        private static PSObject Named(object value, string typeName)
        {
            var wrapped = PSObject.AsPSObject(value);
            if (!wrapped.TypeNames.Contains(typeName))
                wrapped.TypeNames.Insert(0, typeName);
            return wrapped;
        }
    }
}
