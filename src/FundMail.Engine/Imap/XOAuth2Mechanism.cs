using System.Threading;
using MailKit.Security;

namespace FundMail.Imap
{
    /// <summary>
    /// MailKit's XOAUTH2, keeping what the server says after refusing the token (base64 JSON such as {"status":"401",...}),
    /// which MailKit answers with the empty line the protocol asks for and then forgets.
    /// </summary>
    internal sealed class XOAuth2Mechanism : SaslMechanismOAuth2
    {
        public XOAuth2Mechanism(string user, string token) : base(user, token)
        {
        }

        /// <summary>The server's error detail, readable, or null if it sent none.</summary>
        public string? ServerDetail { get; private set; }

        protected override byte[]? Challenge(byte[]? token, int startIndex, int length, CancellationToken cancellationToken)
        {
            if (IsAuthenticated && token != null)
                ServerDetail = TokenHints.DecodeServerDetail(System.Convert.ToBase64String(token, startIndex, length));
            return base.Challenge(token, startIndex, length, cancellationToken);
        }
    }
}
