using System;
using System.IO;
using FundMail.TestServers.Dovecot;
using FundMail.TestServers.Pki;

namespace FundMail.Tests.Imap
{
    /// <summary>One real Dovecot per test class, with a CA file the client can be told to trust and a token signer.</summary>
    public sealed class DovecotFixture : IDisposable
    {
        public DovecotFixture()
        {
            Pki = TestPki.Create();
            CaFile = Path.Combine(Path.GetTempPath(), "fundmail-ca-" + Guid.NewGuid().ToString("N") + ".pem");
            Pki.WriteCaPem(CaFile);
            Server = DovecotServer.Start(new DovecotOptions { ServerCertificate = Pki.IssueServer("127.0.0.1", "localhost") });
            Tokens = new TestTokenSigner(Server.Issuer);
            Server.WriteSigningKey(Tokens.KeyId, Tokens.PublicKey);
        }

        public TestPki Pki { get; }
        public string CaFile { get; }
        public DovecotServer Server { get; }
        public TestTokenSigner Tokens { get; }

        public void Dispose()
        {
            Server.Dispose();
            Tokens.Dispose();
            Pki.Dispose();
            File.Delete(CaFile);
        }
    }
}
