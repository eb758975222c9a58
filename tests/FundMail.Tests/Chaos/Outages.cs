using System;
using System.Threading.Tasks;
using FundMail.TestServers;

namespace FundMail.Tests.Chaos
{
    public enum OutageKind
    {
        /// <summary>Dovecot stopped (SIGTERM, as an admin would): IMAP refuses connections, running sessions get BYE.</summary>
        Imap,

        /// <summary>sshd and its sessions SIGKILLed: SFTP refuses connections, a running upload loses its connection.</summary>
        Sftp,
    }

    /// <summary>Takes one server down at a time and brings it back, counting what it did.</summary>
    public sealed class Outages
    {
        private readonly LocalServers _servers;
        private readonly ChaosMail _mail;

        public Outages(LocalServers servers, ChaosMail mail)
        {
            _servers = servers;
            _mail = mail;
        }

        public OutageKind? Active { get; private set; }
        public int ImapOutages { get; private set; }
        public int SftpOutages { get; private set; }
        public int MidCycle { get; private set; }
        public int Total => ImapOutages + SftpOutages;

        public async Task BeginAsync(OutageKind kind, bool midCycle)
        {
            if (Active != null)
                throw new InvalidOperationException("an outage (" + Active + ") is already on");
            Active = kind;
            if (midCycle)
                MidCycle++;
            if (kind == OutageKind.Imap)
            {
                ImapOutages++;
                // Never in the middle of a delivery: that mail would be half there.
                await _mail.Gate.WaitAsync();
                try
                {
                    await Task.Run(() => _servers.Dovecot.Stop());
                }
                finally
                {
                    _mail.Gate.Release();
                }
            }
            else
            {
                SftpOutages++;
                await Task.Run(() => _servers.Sshd!.Kill());
            }
        }

        public async Task EndAsync()
        {
            switch (Active)
            {
                case OutageKind.Imap:
                    await Task.Run(() => _servers.Dovecot.Restart());
                    break;
                case OutageKind.Sftp:
                    await _servers.Sshd!.RestartAsync();
                    break;
            }
            Active = null;
        }
    }
}
