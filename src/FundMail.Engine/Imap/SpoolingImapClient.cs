using System.IO;
using MailKit;
using MailKit.Net.Imap;

namespace FundMail.Imap
{
    /// <summary>MailKit's IMAP client whose folders write fetched messages straight to spool files (<see cref="SpoolingImapFolder"/>).</summary>
    internal sealed class SpoolingImapClient : ImapClient
    {
        public SpoolingImapClient(IProtocolLogger logger) : base(logger)
        {
        }

        protected override ImapFolder CreateImapFolder(ImapFolderConstructorArgs args) => new SpoolingImapFolder(args);
    }

    /// <summary>
    /// MailKit buffers every fetched message in memory by default (385 MB resident for a 287 MB mail); this folder hands it
    /// a spool file instead while <see cref="SpoolDirectory"/> is set, so a message's bytes go from the socket to the disk.
    /// </summary>
    internal sealed class SpoolingImapFolder : ImapFolder
    {
        public SpoolingImapFolder(ImapFolderConstructorArgs args) : base(args)
        {
        }

        /// <summary>Where whole messages (BODY[]) go; null: MailKit's own in-memory streams.</summary>
        public string? SpoolDirectory { get; set; }

        protected override Stream CreateStream(UniqueId? uid, string section, int offset, int length) =>
            SpoolDirectory != null && section.Length == 0 && offset == 0
                ? new SpoolFileStream(SpoolDirectory, length)
                : base.CreateStream(uid, section, offset, length);
    }
}
