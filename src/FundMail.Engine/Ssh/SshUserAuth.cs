using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Util;

namespace FundMail.Ssh
{
    /// <summary>
    /// User authentication (RFC 4252, RFC 4256): publickey when a key is given, then password, then keyboard-interactive
    /// answering with the password. Each refusal ends in an error naming the methods the server still allows.
    /// </summary>
    internal sealed class SshUserAuth
    {
        private const string Service = "ssh-connection";
        private readonly SshTransport _transport;
        private readonly string _user;

        public SshUserAuth(SshTransport transport, string user)
        {
            _transport = transport;
            _user = user;
        }

        private bool _partialSuccess;

        private const string RsaHint = ". FundMail never signs with ssh-rsa (SHA-1): if the server takes RSA keys only that way, it must also " +
            "allow rsa-sha2-256 or rsa-sha2-512 (OpenSSH: PubkeyAcceptedAlgorithms), or use an ed25519 key";

        public async Task AuthenticateAsync(ClientKey? key, Secret? password, CancellationToken ct)
        {
            await _transport.SendAsync(new SshWriter(SshMessage.ServiceRequest).WriteString("ssh-userauth").ToArray(), ct).ConfigureAwait(false);
            var accept = await NextAsync(ct).ConfigureAwait(false);
            if (accept[0] != SshMessage.ServiceAccept) throw new SshProtocolException("the server did not accept the ssh-userauth service");

            var allowed = new string[0];
            var refused = new List<string>();
            if (key != null)
            {
                // An RSA key refused with rsa-sha2-256 goes again with rsa-sha2-512 (a server may take only one of them).
                var tried = new List<string>();
                foreach (var algorithm in key.Algorithms)
                {
                    if (tried.Count > 0 && (_partialSuccess || !allowed.Contains("publickey"))) break;
                    var result = await PublicKeyAsync(key, algorithm, ct).ConfigureAwait(false);
                    if (result == null) return;
                    allowed = result;
                    tried.Add(algorithm);
                }
                refused.Add("publickey (" + string.Join(", ", tried) + ")");
            }
            if (password != null)
            {
                var passwordRefused = false;
                if (key == null || allowed.Contains("password"))
                {
                    var result = await PasswordAsync(password, ct).ConfigureAwait(false);
                    if (result == null) return;
                    // Still listed after a plain failure: the server checked the password and it was wrong.
                    passwordRefused = !_partialSuccess && result.Contains("password");
                    refused.Add("password");
                    allowed = result;
                }
                // A wrong password is not tried again over keyboard-interactive: that would only add a failure.
                if (!passwordRefused && allowed.Contains("keyboard-interactive"))
                {
                    var result = await KeyboardInteractiveAsync(password, ct).ConfigureAwait(false);
                    if (result == null) return;
                    refused.Add("keyboard-interactive");
                    allowed = result;
                }
            }
            if (key == null && password == null)
                throw new SshAuthenticationException("no SSH credentials configured: give a password or a private key file", allowed);
            throw new SshAuthenticationException("the SSH server refused user '" + _user + "' with " + string.Join(", ", refused) +
                "; it allows: " + (allowed.Length == 0 ? "nothing more" : string.Join(", ", allowed)) + (key is RsaClientKey ? RsaHint : ""), allowed);
        }

        /// <summary>Returns null on success, or the methods that can continue.</summary>
        private async Task<string[]?> PublicKeyAsync(ClientKey key, string algorithm, CancellationToken ct)
        {
            var signed = new SshWriter().WriteString(_transport.SessionId).WriteByte(SshMessage.UserAuthRequest)
                .WriteString(_user).WriteString(Service).WriteString("publickey").WriteBoolean(true)
                .WriteString(algorithm).WriteString(key.PublicBlob).ToArray();
            var request = new SshWriter(SshMessage.UserAuthRequest).WriteString(_user).WriteString(Service).WriteString("publickey")
                .WriteBoolean(true).WriteString(algorithm).WriteString(key.PublicBlob).WriteString(key.Sign(algorithm, signed)).ToArray();
            return await RequestAsync(request, ct).ConfigureAwait(false);
        }

        private async Task<string[]?> PasswordAsync(Secret password, CancellationToken ct)
        {
            var request = new SshWriter(SshMessage.UserAuthRequest).WriteString(_user).WriteString(Service).WriteString("password")
                .WriteBoolean(false).WriteString(password.Reveal()).ToArray();
            var payload = await SendAndReceiveAsync(request, ct).ConfigureAwait(false);
            if (payload[0] == SshMessage.UserAuthPasswordChangeRequest)
                throw new SshAuthenticationException("the SSH server demands a new password for user '" + _user + "'; change it on the server", new[] { "password" });
            return Outcome(payload);
        }

        private async Task<string[]?> KeyboardInteractiveAsync(Secret password, CancellationToken ct)
        {
            var request = new SshWriter(SshMessage.UserAuthRequest).WriteString(_user).WriteString(Service)
                .WriteString("keyboard-interactive").WriteString("").WriteString("").ToArray();
            var payload = await SendAndReceiveAsync(request, ct).ConfigureAwait(false);
            for (var round = 0; payload[0] == SshMessage.UserAuthInfoRequest; round++)
            {
                if (round >= 5) throw new SshAuthenticationException("the SSH server keeps asking keyboard-interactive questions", new string[0]);
                var r = new SshReader(payload);
                r.ReadByte();
                r.ReadText();
                r.ReadText();
                r.ReadText();
                var prompts = r.ReadUInt32();
                if (prompts > 1)
                    throw new SshAuthenticationException("the SSH server asks " + prompts + " keyboard-interactive questions; only a password prompt can be answered", new string[0]);
                var response = new SshWriter(SshMessage.UserAuthInfoResponse).WriteUInt32(prompts);
                // A single prompt is the password; zero prompts is the closing round some servers send.
                if (prompts == 1) response.WriteString(password.Reveal());
                await _transport.SendAsync(response.ToArray(), ct).ConfigureAwait(false);
                payload = await NextAsync(ct).ConfigureAwait(false);
            }
            return Outcome(payload);
        }

        private async Task<string[]?> RequestAsync(byte[] request, CancellationToken ct) =>
            Outcome(await SendAndReceiveAsync(request, ct).ConfigureAwait(false));

        private async Task<byte[]> SendAndReceiveAsync(byte[] request, CancellationToken ct)
        {
            await _transport.SendAsync(request, ct).ConfigureAwait(false);
            return await NextAsync(ct).ConfigureAwait(false);
        }

        /// <summary>Null on success, else the methods that can continue; notes whether the last method counted as a partial success.</summary>
        private string[]? Outcome(byte[] payload)
        {
            if (payload[0] == SshMessage.UserAuthSuccess) return null;
            if (payload[0] != SshMessage.UserAuthFailure) throw new SshProtocolException("unexpected message " + payload[0] + " during authentication");
            var r = new SshReader(payload);
            r.ReadByte();
            var allowed = r.ReadNameList();
            _partialSuccess = r.ReadBoolean();
            return allowed;
        }

        /// <summary>Skips banners (shown to interactive users only).</summary>
        private async Task<byte[]> NextAsync(CancellationToken ct)
        {
            while (true)
            {
                var payload = await _transport.ReceiveAsync(ct).ConfigureAwait(false);
                if (payload[0] != SshMessage.UserAuthBanner) return payload;
            }
        }
    }
}
