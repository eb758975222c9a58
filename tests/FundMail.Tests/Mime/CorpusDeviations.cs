using System.Collections.Generic;

namespace FundMail.Tests.Mime
{
    /// <summary>
    /// Where FundMail differs from expected.json (Python's email package) on purpose: file → field → reason.
    /// The conformance test fails on any difference not listed here and on any entry that no longer differs.
    /// Korean entries are additionally checked against korean_truth.json by <see cref="KoreanTruthTests"/>.
    /// </summary>
    internal static class CorpusDeviations
    {
        private const string Cp949 = "ks_c_5601-1987/euc-kr decoded as code page 949; Python's strict EUC-KR gives U+FFFD for CP949-only syllables (korean_truth.json has our value)";

        internal static readonly Dictionary<(string File, string Field), string> Reasons = new Dictionary<(string, string), string>
        {
            [("enmime__extra-base64-character.eml", "body")] = "lenient base64 drops the lone 4n+1 character and decodes; Python gives up and returns the encoded text",
            [("enmime__multipart-wo-boundary.eml", "body")] = "multipart without boundary is read as text so its content is shown; Python yields no body",
            [("mime4j__missing-boundary.eml", "body")] = "multipart without boundary is read as text so its content is shown; Python yields no body",
            [("flanker__bilingual-simple.eml", "body")] = "quoted-printable: trailing blanks on a line are transport padding and removed (RFC 2045 6.7); Python keeps them",
            [("flanker__bounce-mailbox-full.eml", "from")] = "'addr (Name)' form: the comment is used as display name; Python leaves the name empty",
            [("mimekit__bounce_o365.eml", "from")] = "'addr (Name)' form: the comment is used as display name; Python leaves the name empty",
            [("flanker__from-encoding.eml", "from")] = "raw Latin-1 byte in the display name: not UTF-8, not CP949, so windows-1252 gives 'Lütkebohle'; Python keeps a \\xfc escape",
            [("mailgem__invalid_subject_characters.eml", "subject")] = "raw Latin-1 bytes: not UTF-8, not CP949, so windows-1252 gives 'Formação ... Verão'; Python gives U+FFFD",
            [("korean__k07_outlook_ks_c_cp949_only_syllables.eml", "subject")] = Cp949,
            [("korean__k07_outlook_ks_c_cp949_only_syllables.eml", "body")] = Cp949,
            [("korean__k08_mislabeled_euckr_is_cp949.eml", "subject")] = Cp949,
            [("korean__k08_mislabeled_euckr_is_cp949.eml", "from")] = Cp949,
            [("korean__k08_mislabeled_euckr_is_cp949.eml", "body")] = Cp949,
            [("korean__k09_subject_split_inside_character.eml", "subject")] = "adjacent same-charset encoded words are joined before decoding, so the split syllable '무' survives; Python gives U+FFFD",
            [("mimekit__disposition-notification.eml", "date")] = "comment before the zone ('(EDT) -0400') is skipped and the zone kept; Python loses the zone (README: right value is -04:00)",
            [("mime4j__base64encoded-rfc822message-nested.eml", "attachments")] = "message/rfc822 sent in base64 (forbidden, seen in the wild) is decoded before it is read, so the embedded message is the real one; Python reads the base64 text as headers",
            [("mimekit__multipart-related-mhtml.eml", "body")] = "multipart/related with type=\"text/html\": the HTML part is the root, so it is the body; Python takes the first part (an image) and finds none",
            [("mimekit__multipart-related-mhtml.eml", "attachments")] = "the HTML root of multipart/related is the body, not an attachment",
            [("mimekit__tnef_rich-text.eml", "attachments")] = "winmail.dat is kept and the file inside it unpacked (long name); Python does not decode TNEF",
            [("stalwart__malformed-019.eml", "subject")] = "'Fro :' is a field with obsolete blanks before the colon (RFC 5322 4.5), so the header block goes on; Python ends the header there and shows it all as body",
            [("stalwart__malformed-019.eml", "date")] = "header block read past 'Fro :' (see subject); the garbled first Date header is read as far as it goes (no time, no zone: UTC)",
            [("stalwart__malformed-019.eml", "to")] = "header block read past 'Fro :' (see subject)",
            [("mimekit__stack-overflow_huge_header.eml", "to")] = "second To entry is 1,000 encoded words without an address (a stack-overflow test): both parsers return junk ('date' in Python, a ':'-split fragment here)",
            [("stalwart__malformed-019.eml", "message_id")] = "header block read past 'Fro :' (see subject)",
            [("stalwart__malformed-019.eml", "body")] = "header block read past 'Fro :' (see subject), so the multipart is parsed",
            [("stalwart__malformed-019.eml", "attachments")] = "the garbled multipart is parsed: its other parts become attachments",
            [("mime4j__malformedHeader-nocrlfcrlf.eml", "body")] = "a line without a colon followed by a field is a broken header line and skipped (issue 18), as mime4j's own expected result for this file has it; Python ends the header there",
            [("thunderbird__noCharsetKOI8U.eml", "body")] = "undeclared 8-bit body: not UTF-8, not valid CP949, so windows-1252; no charset sniffing (Python gives U+FFFD; the right answer is KOI8-U)",
        };
    }
}
