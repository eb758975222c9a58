using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Imap;
using Xunit;

namespace FundMail.Tests.Imap
{
    /// <summary>The tokenizer and response parser on byte streams: every IMAP token shape, and clean failures on bad input.</summary>
    public class ImapResponseReaderTests
    {
        private static ImapResponseReader Reader(string text, int maxLine = ImapResponseReader.DefaultMaxLineLength) =>
            new ImapResponseReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), null, maxLine);

        private static async Task<List<ImapToken>> TokensAsync(string text)
        {
            var reader = Reader(text);
            var tokens = new List<ImapToken>();
            while (true)
            {
                var token = await reader.ReadTokenAsync(CancellationToken.None);
                if (token.Kind == ImapTokenKind.Literal)
                {
                    var bytes = await reader.ReadSmallLiteralAsync(token.LiteralLength, 1000, CancellationToken.None);
                    tokens.Add(new ImapToken(ImapTokenKind.Literal, Encoding.UTF8.GetString(bytes), token.LiteralLength));
                    continue;
                }
                tokens.Add(token);
                if (token.Kind == ImapTokenKind.EndOfLine)
                    return tokens;
            }
        }

        [Fact]
        public async Task Atoms_quoted_strings_literals_nil_lists_and_sections_are_tokens()
        {
            var tokens = await TokensAsync("* 12 FETCH (FLAGS (\\Seen NIL) X \"a \\\"q\\\" \\\\ b\" BODY[HEADER.FIELDS (TO)] {5}\r\nab\r\nc)\r\n");
            Assert.Equal(
                new[] { "Atom:*", "Atom:12", "Atom:FETCH", "ListOpen:", "Atom:FLAGS", "ListOpen:", "Atom:\\Seen", "Atom:NIL", "ListClose:",
                        "Atom:X", "Quoted:a \"q\" \\ b", "Atom:BODY[HEADER.FIELDS (TO)]", "Literal:ab\r\nc", "ListClose:", "EndOfLine:" },
                tokens.Select(t => t.Kind + ":" + t.Text));
        }

        [Fact]
        public async Task Status_responses_keep_their_code_and_text()
        {
            var reader = Reader("* OK [UIDVALIDITY 3857529045] UIDs valid\r\nA1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n+ eyJ9\r\n* SEARCH 2 84 882\r\n");
            var ok = await ImapResponseParser.ReadAsync(reader, null, CancellationToken.None);
            Assert.Equal("UIDVALIDITY 3857529045", ok.Code);
            Assert.Equal("UIDs valid", ok.HumanText);
            var no = await ImapResponseParser.ReadAsync(reader, null, CancellationToken.None);
            Assert.Equal(("A1", "NO", "AUTHENTICATIONFAILED"), (no.Tag, no.Name, no.Code));
            var continuation = await ImapResponseParser.ReadAsync(reader, null, CancellationToken.None);
            Assert.Equal((ImapResponseKind.Continuation, "eyJ9"), (continuation.Kind, continuation.Text));
            var search = await ImapResponseParser.ReadAsync(reader, null, CancellationToken.None);
            Assert.Equal(new uint[] { 2, 84, 882 }, search.Numbers);
        }

        [Theory]
        [InlineData(" 7-Jul-2025 02:44:25 -0700", "2025-07-07T02:44:25-07:00")]
        [InlineData("17-Dec-1996 23:00:01 +0930", "1996-12-17T23:00:01+09:30")]
        public void Internaldate_keeps_its_zone(string text, string expected)
        {
            Assert.Equal(DateTimeOffset.Parse(expected), ImapDate.ParseDateTime(text));
            Assert.Equal(DateTimeOffset.Parse(expected).Offset, ImapDate.ParseDateTime(text).Offset);
        }

        [Fact]
        public async Task Unknown_untagged_responses_with_literals_are_skipped_whole()
        {
            var reader = Reader("* LIST (\\HasNoChildren) \"/\" {5}\r\nA)B\r\n\r\n* 3 EXISTS\r\n");
            var list = await ImapResponseParser.ReadAsync(reader, null, CancellationToken.None);
            Assert.Equal("LIST", list.Name);
            var exists = await ImapResponseParser.ReadAsync(reader, null, CancellationToken.None);
            Assert.Equal(("EXISTS", 3u), (exists.Name, exists.Number!.Value));
        }

        [Theory]
        [InlineData("* 1 FETCH (INTERNALDATE \"unterminated\r\n", "quoted string not closed")]
        [InlineData("* 1 FETCH (BODY[] {12x}\r\n", "malformed literal header")]
        [InlineData("* 1 FETCH (BODY[] {3} trailing\r\nabc)\r\n", "not followed by a line end")]
        [InlineData("(garbage\r\n", "must start with")]
        [InlineData("A1 MAYBE done\r\n", "expected OK, NO or BAD")]
        [InlineData("* SEARCH 1 two 3\r\n", "where a UID was expected")]
        [InlineData("* 1 FETCH (UID 7 INTERNALDATE \"yesterday\")\r\n", "is not an IMAP date-time")]
        [InlineData("* 1 FETCH (UID \u0001)\r\n", "control byte 0x01")]
        [InlineData("* OK [CODE\r\n* 2 FETCH (BODY[HEADER\r\n", "not closed before the end of the line")]
        [InlineData("* OK text\rX\r\n", "carriage return")]
        public async Task Malformed_input_is_a_protocol_error_that_names_the_problem(string input, string expected)
        {
            var reader = Reader(input);
            var error = await Assert.ThrowsAsync<ImapProtocolException>(async () =>
            {
                for (var i = 0; i < 3; i++)
                    await ImapResponseParser.ReadAsync(reader, new FetchDataParser(Path.GetTempPath()).ParseAsync, CancellationToken.None);
            });
            Assert.Contains(expected, error.Message);
        }

        [Fact]
        public async Task Truncated_literal_is_a_connection_error_not_a_hang()
        {
            var reader = Reader("* 1 FETCH (UID 1 BODY[] {1000}\r\nonly a few bytes");
            var spool = Directory.CreateTempSubdirectory("fundmail-trunc-").FullName;
            try
            {
                var error = await Assert.ThrowsAsync<ImapConnectionException>(() =>
                    ImapResponseParser.ReadAsync(reader, new FetchDataParser(spool).ParseAsync, CancellationToken.None));
                Assert.Contains("closed the connection", error.Message);
                Assert.Empty(Directory.GetFiles(spool));
            }
            finally
            {
                Directory.Delete(spool, true);
            }
        }

        [Fact]
        public async Task Endless_line_hits_the_line_limit()
        {
            var huge = "* SEARCH " + string.Concat(Enumerable.Repeat("12345 ", 5000)) + "\r\n";
            var error = await Assert.ThrowsAsync<ImapProtocolException>(() => ImapResponseParser.ReadAsync(Reader(huge, maxLine: 10000), null, CancellationToken.None));
            Assert.Contains("longer than 10000 bytes", error.Message);
        }

        [Fact]
        public async Task Giant_atom_and_oversized_small_literal_are_refused_without_allocating_them()
        {
            var atom = await Assert.ThrowsAsync<ImapProtocolException>(() =>
                ImapResponseParser.ReadAsync(Reader("* " + new string('x', 70000) + "\r\n"), null, CancellationToken.None));
            Assert.Contains("atom longer than", atom.Message);
            var literal = await Assert.ThrowsAsync<ImapProtocolException>(() =>
                ImapResponseParser.ReadAsync(Reader("* 1 FETCH (INTERNALDATE {999999999}\r\n"), new FetchDataParser(Path.GetTempPath()).ParseAsync, CancellationToken.None));
            Assert.Contains("literal of 999999999 bytes", literal.Message);
        }
    }
}
