using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FundMail.Mime;

namespace FundMail.Store
{
    /// <summary>
    /// A mail's content as it survives Exchange re-rendering it (new MIME boundaries, header folding, transfer encoding,
    /// charset, line wrapping): its subject and body text with whitespace collapsed, and its attachments' bytes. Two mails
    /// sharing a Message-ID but not this are different mails.
    /// </summary>
    internal static class ContentFingerprint
    {
        private static readonly Regex Whitespace = new Regex(@"\s+", RegexOptions.Compiled);

        public static string Of(string? subject, string? bodyText, IEnumerable<string> attachmentSha256s)
        {
            var text = "subject:" + Normalise(subject) + "\nbody:" + Normalise(bodyText) + "\nattachments:" +
                       string.Join(",", attachmentSha256s.OrderBy(sha => sha, StringComparer.Ordinal));
            using var sha = SHA256.Create();
            return Hex.Lower(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }

        private static string Normalise(string? text) => text == null ? "" : Whitespace.Replace(text, " ").Trim();
    }
}
