using System;

namespace FundMail.TestServers.Entra
{
    /// <summary>The unpadded URL-safe base64 of JWTs (RFC 7515 section 2).</summary>
    internal static class Base64Url
    {
        public static string Encode(byte[] data) =>
            Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static byte[] Decode(string text)
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            switch (s.Length % 4)
            {
                case 2: s += "=="; break;
                case 3: s += "="; break;
                case 1: throw new FormatException("not base64url");
            }
            return Convert.FromBase64String(s);
        }
    }
}
