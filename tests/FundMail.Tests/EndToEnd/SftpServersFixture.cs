namespace FundMail.Tests.EndToEnd
{
    /// <summary>Token endpoint, Dovecot and OpenSSH sshd: everything a cycle talks to.</summary>
    public sealed class SftpServersFixture : LocalServersFixture
    {
        protected override bool WithSftp => true;
    }
}
