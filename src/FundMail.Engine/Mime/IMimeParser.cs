namespace FundMail.Mime
{
    /// <summary>Reads one raw RFC 5322 message file into a <see cref="MailMessage"/>.</summary>
    public interface IMimeParser
    {
        /// <summary>
        /// Parses <paramref name="rawPath"/>. Never throws for malformed mail (defects are recorded instead);
        /// throws <see cref="MimeException"/> only when the file cannot be read or the attachment directory not written.
        /// </summary>
        MailMessage Parse(string rawPath, MimeParseOptions options);
    }
}
