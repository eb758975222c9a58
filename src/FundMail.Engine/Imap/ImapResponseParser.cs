using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Imap
{
    /// <summary>Consumes FETCH data as it streams: called with the message sequence number, positioned after "FETCH".</summary>
    internal delegate Task FetchDataHandler(uint sequenceNumber, ImapResponseReader reader, CancellationToken cancellationToken);

    /// <summary>
    /// Reads one complete response (RFC 3501 §7) from the token reader. Responses the client has no use for are
    /// skipped whole, literals included, so an unexpected untagged response never derails the command in flight.
    /// </summary>
    internal static class ImapResponseParser
    {
        public static async Task<ImapResponse> ReadAsync(ImapResponseReader reader, FetchDataHandler? onFetch, CancellationToken cancellationToken)
        {
            var first = await reader.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
            if (first.Kind != ImapTokenKind.Atom)
                throw new ImapProtocolException("a response must start with '*', '+' or a tag, not " + first);
            if (first.Text == "+")
                return new ImapResponse { Kind = ImapResponseKind.Continuation, Text = await reader.ReadTextToEndOfLineAsync(cancellationToken).ConfigureAwait(false) };
            if (first.Text == "*")
                return await ReadUntaggedAsync(reader, onFetch, cancellationToken).ConfigureAwait(false);

            var status = await ReadAtomAsync(reader, "status after tag " + first.Text, cancellationToken).ConfigureAwait(false);
            var name = status.ToUpperInvariant();
            if (name != "OK" && name != "NO" && name != "BAD")
                throw new ImapProtocolException("tagged response '" + first.Text + "' has status '" + status + "' (expected OK, NO or BAD)");
            return new ImapResponse
            {
                Kind = ImapResponseKind.Tagged,
                Tag = first.Text,
                Name = name,
                Text = await reader.ReadTextToEndOfLineAsync(cancellationToken).ConfigureAwait(false),
            };
        }

        private static async Task<ImapResponse> ReadUntaggedAsync(ImapResponseReader reader, FetchDataHandler? onFetch, CancellationToken cancellationToken)
        {
            var response = new ImapResponse { Kind = ImapResponseKind.Untagged };
            var word = await ReadAtomAsync(reader, "untagged response", cancellationToken).ConfigureAwait(false);
            if (uint.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                response.Number = number;
                response.Name = (await ReadAtomAsync(reader, "keyword after '* " + number + "'", cancellationToken).ConfigureAwait(false)).ToUpperInvariant();
                if (response.Name == "FETCH" && onFetch != null)
                    await onFetch(number, reader, cancellationToken).ConfigureAwait(false);
                else
                    await reader.SkipLineAsync(cancellationToken).ConfigureAwait(false);
                return response;
            }

            response.Name = word.ToUpperInvariant();
            switch (response.Name)
            {
                case "OK":
                case "NO":
                case "BAD":
                case "BYE":
                case "PREAUTH":
                    response.Text = await reader.ReadTextToEndOfLineAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case "CAPABILITY":
                    await ReadAtomsAsync(reader, response, cancellationToken).ConfigureAwait(false);
                    break;
                case "SEARCH":
                    await ReadNumbersAsync(reader, response, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await reader.SkipLineAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
            return response;
        }

        private static async Task ReadAtomsAsync(ImapResponseReader reader, ImapResponse response, CancellationToken cancellationToken)
        {
            while (true)
            {
                var token = await reader.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
                if (token.Kind == ImapTokenKind.EndOfLine)
                    return;
                if (token.Kind != ImapTokenKind.Atom)
                    throw new ImapProtocolException("CAPABILITY response holds " + token + " where an atom was expected");
                response.Atoms.Add(token.Text);
            }
        }

        private static async Task ReadNumbersAsync(ImapResponseReader reader, ImapResponse response, CancellationToken cancellationToken)
        {
            while (true)
            {
                var token = await reader.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
                if (token.Kind == ImapTokenKind.EndOfLine)
                    return;
                if (token.Kind != ImapTokenKind.Atom || !uint.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value == 0)
                    throw new ImapProtocolException("SEARCH response holds " + token + " where a UID was expected");
                response.Numbers.Add(value);
            }
        }

        internal static async Task<string> ReadAtomAsync(ImapResponseReader reader, string where, CancellationToken cancellationToken)
        {
            var token = await reader.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
            if (token.Kind != ImapTokenKind.Atom)
                throw new ImapProtocolException("expected an atom for the " + where + ", got " + token);
            return token.Text;
        }
    }
}
