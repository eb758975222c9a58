namespace FundMail.Config
{
    /// <summary>Everything a cycle needs: mailbox, store and SFTP server, read and validated together.</summary>
    public sealed class CycleSettings
    {
        private CycleSettings(MailboxSettings mailbox, StoreSettings store, SftpSettings sftp)
        {
            Mailbox = mailbox;
            Store = store;
            Sftp = sftp;
        }

        public MailboxSettings Mailbox { get; }
        public StoreSettings Store { get; }
        public SftpSettings Sftp { get; }

        /// <summary>Throws one <see cref="ConfigException"/> listing every problem in every section.</summary>
        public static CycleSettings Read(ConfigSource source)
        {
            var reader = new ConfigReader(source);
            var mailbox = MailboxSettings.Read(reader);
            var store = StoreSettings.Read(reader);
            var sftp = SftpSettings.Read(reader);
            reader.ThrowIfAny();
            return new CycleSettings(mailbox, store, sftp);
        }
    }
}
