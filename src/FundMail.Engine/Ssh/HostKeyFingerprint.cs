using System;
using System.Security.Cryptography;

namespace FundMail.Ssh
{
    /// <summary>The "SHA256:" fingerprint of a host key blob exactly as `ssh-keygen -lf` prints it (base64, no padding).</summary>
    public static class HostKeyFingerprint
    {
        public static string Of(byte[] keyBlob)
        {
            using (var sha = SHA256.Create())
                return "SHA256:" + Convert.ToBase64String(sha.ComputeHash(keyBlob)).TrimEnd('=');
        }

        /// <summary>Normalises a configured fingerprint: accepts it with or without the prefix and trailing '='.</summary>
        public static string Normalize(string fingerprint)
        {
            var text = fingerprint.Trim();
            if (text.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) text = text.Substring(7);
            return "SHA256:" + text.TrimEnd('=');
        }
    }
}
