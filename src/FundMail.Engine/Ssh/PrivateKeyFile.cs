using System;
using System.IO;
using System.Text;
using FundMail.Util;

namespace FundMail.Ssh
{
    /// <summary>Loads the user key SFTP_KEY_FILE names: an OpenSSH private key, or a PuTTY .ppk as puttygen and WinSCP save it.</summary>
    internal static class PrivateKeyFile
    {
        public const string SupportedTypes = "ssh-ed25519, ecdsa-sha2-nistp256/384/521 and ssh-rsa";
        public const string NoPassphrase = "is protected by a passphrase, and none was given (SFTP_KEY_PASSPHRASE)";

        // Real key files are a few KiB; a larger file is not a key, and is not read whole.
        private const long MaxBytes = 1024 * 1024;

        /// <param name="passphrase">Needed only when the file is protected by one.</param>
        public static ClientKey Load(string path, Secret? passphrase = null)
        {
            byte[] bytes;
            try
            {
                if (new FileInfo(path).Length > MaxBytes) throw new SshKeyFileException(path, "is larger than 1 MiB, so it is not a private key");
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new SshKeyFileException(path, "cannot be read: " + e.Message);
            }
            // Latin-1 maps every byte to one char and back: the PuTTY MAC covers the comment's exact bytes, whatever their encoding.
            // A byte order mark (an editor's doing) is no part of either format.
            var text = Encoding.GetEncoding(28591).GetString(bytes).TrimStart('\u00EF', '\u00BB', '\u00BF');
            return text.StartsWith(PuttyKeyFile.Magic, StringComparison.Ordinal)
                ? PuttyPrivateKey.FromText(path, text, passphrase)
                : OpenSshPrivateKey.FromText(path, text, passphrase);
        }
    }
}
