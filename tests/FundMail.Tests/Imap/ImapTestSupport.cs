using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Imap;
using FundMail.Net;
using FundMail.Util;

namespace FundMail.Tests.Imap
{
    /// <summary>Client options and credentials pointing at a fixture's Dovecot, with a captured protocol trace.</summary>
    internal sealed class ImapTestSupport
    {
        private readonly DovecotFixture _fixture;

        public ImapTestSupport(DovecotFixture fixture)
        {
            _fixture = fixture;
        }

        public ConcurrentQueue<string> Trace { get; } = new ConcurrentQueue<string>();

        public static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

        public ImapConnectOptions Options(ImapSecurity security = ImapSecurity.ImplicitTls, bool saslIr = true, TlsTrust? trust = null) =>
            new ImapConnectOptions(_fixture.Server.Host)
            {
                Port = security == ImapSecurity.ImplicitTls ? _fixture.Server.ImapsPort : _fixture.Server.ImapPort,
                Security = security,
                Trust = trust ?? TlsTrust.WithExtraCa(_fixture.CaFile),
                ConnectTimeout = TimeSpan.FromSeconds(10),
                CommandTimeout = TimeSpan.FromSeconds(20),
                UseSaslInitialResponse = saslIr,
                Trace = Trace.Enqueue,
            };

        public ImapCredentials Password() => ImapCredentials.Login(_fixture.Server.User, new Secret(_fixture.Server.Password));

        public ImapCredentials Token(string token) => ImapCredentials.XOAuth2(_fixture.Server.User, _ => Task.FromResult(new Secret(token)));

        public async Task<MailKitMailboxClient> ConnectAsync(ImapCredentials? credentials = null, ImapConnectOptions? options = null)
        {
            var client = new MailKitMailboxClient(options ?? Options());
            await client.ConnectAsync(Timeout);
            await client.AuthenticateAsync(credentials ?? Password(), Timeout);
            return client;
        }
    }
}
