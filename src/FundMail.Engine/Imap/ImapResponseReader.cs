using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Imap
{
    /// <summary>
    /// Tokenises server responses (RFC 3501 §9) straight from the stream: atoms, quoted strings, literal headers,
    /// parentheses and line ends. Literal contents are never buffered whole: the caller copies them to a stream
    /// (<see cref="CopyLiteralAsync"/>) or reads a small one under a cap. Every line and token is bounded, so
    /// garbage from the server ends in an <see cref="ImapProtocolException"/>, never in unbounded memory.
    /// </summary>
    internal sealed class ImapResponseReader
    {
        /// <summary>Longest response line outside literals. A UID SEARCH answer for ~1 million messages still fits.</summary>
        public const int DefaultMaxLineLength = 8 * 1024 * 1024;
        private const int MaxTokenLength = 64 * 1024;
        private const int MaxTraceLine = 400;

        private readonly Stream _stream;
        private readonly byte[] _buffer = new byte[64 * 1024];
        private readonly int _maxLineLength;
        private readonly Action<string>? _trace;
        private readonly StringBuilder _traceLine = new StringBuilder();
        private int _pos;
        private int _end;
        private long _lineLength;

        public ImapResponseReader(Stream stream, Action<string>? trace = null, int maxLineLength = DefaultMaxLineLength)
        {
            _stream = stream;
            _trace = trace;
            _maxLineLength = maxLineLength;
        }

        /// <summary>Called before every read from the network (the session restarts its idle timeout there).</summary>
        public Action? BeforeRead { get; set; }

        /// <summary>True when bytes the server sent are waiting unread (must be none right after STARTTLS).</summary>
        public bool HasBufferedData => _pos < _end;

        public async Task<ImapToken> ReadTokenAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                if (_pos == _end)
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                var b = _buffer[_pos];
                switch (b)
                {
                    case (byte)' ':
                        Consume();
                        continue;
                    case (byte)'\r':
                        _pos++;
                        if (_pos == _end)
                            await FillAsync(cancellationToken).ConfigureAwait(false);
                        if (_buffer[_pos] != '\n')
                            throw new ImapProtocolException("carriage return not followed by line feed");
                        _pos++;
                        EndLine();
                        return new ImapToken(ImapTokenKind.EndOfLine);
                    case (byte)'\n':
                        // A bare LF is tolerated as a line end; some servers send it.
                        _pos++;
                        EndLine();
                        return new ImapToken(ImapTokenKind.EndOfLine);
                    case (byte)'(':
                        Consume();
                        return new ImapToken(ImapTokenKind.ListOpen);
                    case (byte)')':
                        Consume();
                        return new ImapToken(ImapTokenKind.ListClose);
                    case (byte)'"':
                        Consume();
                        return new ImapToken(ImapTokenKind.Quoted, await ReadQuotedAsync(cancellationToken).ConfigureAwait(false));
                    case (byte)'{':
                        Consume();
                        return new ImapToken(ImapTokenKind.Literal, "", await ReadLiteralHeaderAsync(cancellationToken).ConfigureAwait(false));
                    default:
                        return new ImapToken(ImapTokenKind.Atom, await ReadAtomAsync(cancellationToken).ConfigureAwait(false));
                }
            }
        }

        /// <summary>The rest of the line as text (resp-text), without the line end.</summary>
        public async Task<string> ReadTextToEndOfLineAsync(CancellationToken cancellationToken)
        {
            var text = new MemoryStream();
            var first = true;
            while (true)
            {
                if (_pos == _end)
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                var b = _buffer[_pos];
                if (b == '\r' || b == '\n')
                {
                    var end = await ReadTokenAsync(cancellationToken).ConfigureAwait(false);
                    if (end.Kind != ImapTokenKind.EndOfLine)
                        throw new ImapProtocolException("carriage return inside response text");
                    return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
                }
                Consume();
                if (first && b == ' ')
                {
                    first = false;
                    continue;
                }
                first = false;
                if (text.Length >= MaxTokenLength)
                    throw new ImapProtocolException("response text longer than " + MaxTokenLength + " bytes");
                text.WriteByte(b);
            }
        }

        /// <summary>Copies the next <paramref name="length"/> literal octets to <paramref name="destination"/> in buffer-sized chunks.</summary>
        public async Task CopyLiteralAsync(long length, Stream destination, CancellationToken cancellationToken)
        {
            var remaining = length;
            while (remaining > 0)
            {
                if (_pos == _end)
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                var chunk = (int)Math.Min(remaining, _end - _pos);
                await destination.WriteAsync(_buffer, _pos, chunk, cancellationToken).ConfigureAwait(false);
                _pos += chunk;
                remaining -= chunk;
            }
            AppendTrace("<" + length + " octets>");
        }

        /// <summary>Reads a literal expected to be small (a string in a non-body position); refuses one above <paramref name="cap"/>.</summary>
        public async Task<byte[]> ReadSmallLiteralAsync(long length, int cap, CancellationToken cancellationToken)
        {
            if (length > cap)
                throw new ImapProtocolException("literal of " + length + " bytes where at most " + cap + " were expected");
            var target = new MemoryStream((int)length);
            await CopyLiteralAsync(length, target, cancellationToken).ConfigureAwait(false);
            return target.ToArray();
        }

        /// <summary>Discards tokens (and literal contents) up to and including the end of the current line.</summary>
        public async Task SkipLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var token = await ReadTokenAsync(cancellationToken).ConfigureAwait(false);
                if (token.Kind == ImapTokenKind.EndOfLine)
                    return;
                if (token.Kind == ImapTokenKind.Literal)
                    await CopyLiteralAsync(token.LiteralLength, Stream.Null, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<string> ReadQuotedAsync(CancellationToken cancellationToken)
        {
            var text = new MemoryStream();
            while (true)
            {
                if (_pos == _end)
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                var b = _buffer[_pos];
                Consume();
                if (b == '"')
                    return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
                if (b == '\r' || b == '\n')
                    throw new ImapProtocolException("quoted string not closed before the end of the line");
                if (b == '\\')
                {
                    if (_pos == _end)
                        await FillAsync(cancellationToken).ConfigureAwait(false);
                    b = _buffer[_pos];
                    Consume();
                    if (b != '"' && b != '\\')
                        throw new ImapProtocolException("invalid escape '\\" + (char)b + "' in quoted string");
                }
                if (text.Length >= MaxTokenLength)
                    throw new ImapProtocolException("quoted string longer than " + MaxTokenLength + " bytes");
                text.WriteByte(b);
            }
        }

        private async Task<long> ReadLiteralHeaderAsync(CancellationToken cancellationToken)
        {
            long length = 0;
            var digits = 0;
            while (true)
            {
                if (_pos == _end)
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                var b = _buffer[_pos];
                Consume();
                if (b >= '0' && b <= '9')
                {
                    if (++digits > 18)
                        throw new ImapProtocolException("literal length has too many digits");
                    length = length * 10 + (b - '0');
                    continue;
                }
                if (b == '+' && digits > 0)
                    continue;
                if (b != '}' || digits == 0)
                    throw new ImapProtocolException("malformed literal header (expected {digits})");
                break;
            }
            // The CRLF after the header does not end the response line: the literal's octets and what follows continue it.
            foreach (var expected in new[] { (byte)'\r', (byte)'\n' })
            {
                if (_pos == _end)
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                if (_buffer[_pos++] != expected)
                    throw new ImapProtocolException("literal header {" + length + "} not followed by a line end");
            }
            return length;
        }

        private async Task<string> ReadAtomAsync(CancellationToken cancellationToken)
        {
            var text = new StringBuilder();
            var inSection = false;
            while (true)
            {
                if (_pos == _end)
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                var b = _buffer[_pos];
                if (b == '\r' || b == '\n')
                {
                    if (inSection)
                        throw new ImapProtocolException("'[' in '" + Shorten(text.ToString()) + "' not closed before the end of the line");
                    return text.ToString();
                }
                if (!inSection && (b == ' ' || b == '(' || b == ')'))
                    return text.ToString();
                if (b < 0x20 || b == 0x7f)
                    throw new ImapProtocolException("control byte 0x" + b.ToString("x2") + " in a response");
                // BODY[...] carries a section that may hold spaces and parentheses.
                if (b == '[')
                    inSection = true;
                else if (b == ']')
                    inSection = false;
                Consume();
                if (text.Length >= MaxTokenLength)
                    throw new ImapProtocolException("atom longer than " + MaxTokenLength + " bytes");
                text.Append((char)b);
            }
        }

        private void Consume()
        {
            var b = _buffer[_pos++];
            if (++_lineLength > _maxLineLength)
                throw new ImapProtocolException("response line longer than " + _maxLineLength + " bytes");
            if (_trace != null && _traceLine.Length < MaxTraceLine)
                _traceLine.Append(b >= 0x20 && b < 0x7f ? (char)b : '.');
        }

        private void AppendTrace(string text)
        {
            if (_trace != null && _traceLine.Length < MaxTraceLine)
                _traceLine.Append(text);
        }

        private void EndLine()
        {
            _lineLength = 0;
            if (_trace == null)
                return;
            _trace("S: " + _traceLine);
            _traceLine.Clear();
        }

        private async Task FillAsync(CancellationToken cancellationToken)
        {
            BeforeRead?.Invoke();
            var read = await _stream.ReadAsync(_buffer, 0, _buffer.Length, cancellationToken).ConfigureAwait(false);
            if (read <= 0)
                throw new ImapConnectionException("the server closed the connection");
            _pos = 0;
            _end = read;
        }

        private static string Shorten(string text) => text.Length > 40 ? text.Substring(0, 40) + "..." : text;
    }
}
