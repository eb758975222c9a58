using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Util;

namespace FundMail.Imap
{
    /// <summary>The attributes of one <c>* n FETCH (...)</c> response; the body, if any, already spooled to a file.</summary>
    internal sealed class FetchData
    {
        public uint? Uid { get; set; }
        public DateTimeOffset? InternalDate { get; set; }
        public long? Rfc822Size { get; set; }
        public string? BodyPath { get; set; }
        public long BodyLength { get; set; }
    }

    /// <summary>
    /// Parses msg-att (RFC 3501 §7.4.2) in any order. BODY[] literals go straight from the socket buffer to a spool
    /// file, so a 100 MB message costs one 64 KB buffer. Unknown attributes (FLAGS, MODSEQ, ...) are skipped.
    /// </summary>
    internal sealed class FetchDataParser
    {
        private const int MaxNestedLists = 32;
        private const int SmallLiteralCap = 64 * 1024;
        private readonly string _spoolDirectory;

        public FetchDataParser(string spoolDirectory)
        {
            _spoolDirectory = spoolDirectory;
        }

        public async Task<FetchData> ParseAsync(uint sequenceNumber, ImapResponseReader reader, CancellationToken cancellationToken)
        {
            var data = new FetchData();
            try
            {
                await ExpectAsync(reader, ImapTokenKind.ListOpen, "'(' after FETCH", cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    var name = await reader.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
                    if (name.Kind == ImapTokenKind.ListClose)
                        break;
                    if (name.Kind != ImapTokenKind.Atom)
                        throw new ImapProtocolException("FETCH attribute name expected in the data of message " + sequenceNumber + ", got " + name);
                    await ReadAttributeAsync(name.Text.ToUpperInvariant(), data, reader, cancellationToken).ConfigureAwait(false);
                }
                await ExpectAsync(reader, ImapTokenKind.EndOfLine, "end of line after FETCH data", cancellationToken).ConfigureAwait(false);
                return data;
            }
            catch
            {
                Discard(data);
                throw;
            }
        }

        public static void Discard(FetchData data)
        {
            if (data.BodyPath != null && File.Exists(data.BodyPath))
                File.Delete(data.BodyPath);
            data.BodyPath = null;
        }

        private async Task ReadAttributeAsync(string name, FetchData data, ImapResponseReader reader, CancellationToken cancellationToken)
        {
            switch (name)
            {
                case "UID":
                    data.Uid = ParseNumber(await ReadStringAsync(reader, name, cancellationToken).ConfigureAwait(false), name);
                    return;
                case "RFC822.SIZE":
                    data.Rfc822Size = ParseNumber(await ReadStringAsync(reader, name, cancellationToken).ConfigureAwait(false), name);
                    return;
                case "INTERNALDATE":
                    data.InternalDate = ImapDate.ParseDateTime(await ReadStringAsync(reader, name, cancellationToken).ConfigureAwait(false));
                    return;
                case "BODY[]":
                    await ReadBodyAsync(data, reader, cancellationToken).ConfigureAwait(false);
                    return;
                default:
                    await SkipValueAsync(reader, await reader.ReadTokenAsync(cancellationToken).ConfigureAwait(false), 0, cancellationToken).ConfigureAwait(false);
                    return;
            }
        }

        private async Task ReadBodyAsync(FetchData data, ImapResponseReader reader, CancellationToken cancellationToken)
        {
            var value = await reader.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
            if (value.IsAtom("NIL"))
                return;
            if (value.Kind != ImapTokenKind.Literal && value.Kind != ImapTokenKind.Quoted)
                throw new ImapProtocolException("BODY[] holds " + value + " where a literal was expected");
            Discard(data); // a repeated BODY[] replaces the first
            data.BodyPath = Path.Combine(_spoolDirectory, "fetch-" + Guid.NewGuid().ToString("N") + ".eml");
            using (var file = UncachedFile.CreateNew(data.BodyPath, value.Kind == ImapTokenKind.Literal ? value.LiteralLength : 0))
            {
                if (value.Kind == ImapTokenKind.Literal)
                {
                    await reader.CopyLiteralAsync(value.LiteralLength, file, cancellationToken).ConfigureAwait(false);
                    data.BodyLength = value.LiteralLength;
                }
                else
                {
                    var bytes = Encoding.UTF8.GetBytes(value.Text);
                    await file.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                    data.BodyLength = bytes.Length;
                }
            }
        }

        private static async Task<string> ReadStringAsync(ImapResponseReader reader, string attribute, CancellationToken cancellationToken)
        {
            var value = await reader.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
            switch (value.Kind)
            {
                case ImapTokenKind.Atom:
                case ImapTokenKind.Quoted:
                    return value.Text;
                case ImapTokenKind.Literal:
                    var bytes = await reader.ReadSmallLiteralAsync(value.LiteralLength, SmallLiteralCap, cancellationToken).ConfigureAwait(false);
                    return Encoding.UTF8.GetString(bytes);
                default:
                    throw new ImapProtocolException(attribute + " holds " + value + " where a value was expected");
            }
        }

        private static async Task SkipValueAsync(ImapResponseReader reader, ImapToken value, int depth, CancellationToken cancellationToken)
        {
            switch (value.Kind)
            {
                case ImapTokenKind.Literal:
                    await reader.CopyLiteralAsync(value.LiteralLength, Stream.Null, cancellationToken).ConfigureAwait(false);
                    return;
                case ImapTokenKind.ListOpen:
                    if (depth >= MaxNestedLists)
                        throw new ImapProtocolException("FETCH data nests lists deeper than " + MaxNestedLists);
                    while (true)
                    {
                        var inner = await reader.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
                        if (inner.Kind == ImapTokenKind.ListClose)
                            return;
                        await SkipValueAsync(reader, inner, depth + 1, cancellationToken).ConfigureAwait(false);
                    }
                case ImapTokenKind.ListClose:
                case ImapTokenKind.EndOfLine:
                    throw new ImapProtocolException("FETCH data ended where an attribute value was expected");
                default:
                    return;
            }
        }

        private static async Task ExpectAsync(ImapResponseReader reader, ImapTokenKind kind, string what, CancellationToken cancellationToken)
        {
            var token = await reader.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
            if (token.Kind != kind)
                throw new ImapProtocolException("expected " + what + ", got " + token);
        }

        private static uint ParseNumber(string text, string attribute)
        {
            if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                throw new ImapProtocolException(attribute + " '" + text + "' is not a number");
            return value;
        }
    }
}
