using System;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Tests.Imap;

namespace FundMail.Tests.EndToEnd
{
    /// <summary>Token endpoint, Dovecot and OpenSSH sshd: everything a cycle talks to.</summary>
    public sealed class SftpServersFixture : LocalServersFixture
    {
        protected override bool WithSftp => true;

        /// <summary>An INBOX holding one small mail, and cycle settings that take it ("latest") into a fresh remote folder.</summary>
        public async Task<CycleSettings> OneMailCycleAsync(string subject)
        {
            await Servers.Dovecot.Mailbox.RecreateAsync();
            await Servers.Dovecot.Mailbox.AppendAsync(TestMessages.Small(subject));
            var folder = "c" + Guid.NewGuid().ToString("N").Substring(0, 8);
            return CycleSettings.Read(ConfigSource.Load(await EnvFileAsync(("SFTP_REMOTE_DIR", folder), ("FIRST_RUN", "latest"))));
        }
    }
}
