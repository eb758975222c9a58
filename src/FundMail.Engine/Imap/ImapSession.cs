using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Imap
{
    /// <summary>
    /// Runs commands over one connection: tags, literals, response dispatch and the state servers push unasked
    /// (EXISTS, EXPUNGE, BYE, CAPABILITY). After a timeout, cancellation, protocol error or lost connection the
    /// session is unusable and says so, since the position in the response stream is no longer known.
    /// </summary>
    internal sealed class ImapSession : IDisposable
    {
        private readonly ImapConnectOptions _options;
        private readonly ImapTransport _transport;
        private int _nextTag;
        private string? _unusable;

        public ImapSession(ImapConnectOptions options, ImapTransport transport)
        {
            _options = options;
            _transport = transport;
        }

        public HashSet<string> Capabilities { get; private set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Counts capability announcements (CAPABILITY response or response code), so a caller can tell whether one came.</summary>
        public int CapabilityAnnouncements { get; private set; }

        /// <summary>
        /// False after a login that announced no capabilities: the list may have changed (RFC 3501 §6.2) and is kept for
        /// information only; commands then avoid what depends on it (LITERAL+) instead of spending a round trip to ask.
        /// </summary>
        public bool CapabilitiesCurrent { get; set; } = true;

        private bool LiteralPlus => CapabilitiesCurrent && Capabilities.Contains("LITERAL+");

        public uint Exists { get; private set; }

        public string? ByeText { get; private set; }

        public ImapTransport Transport => _transport;

        /// <summary>Runs <paramref name="body"/> under a timeout, turning every failure into the right IMAP exception.</summary>
        public async Task<T> GuardAsync<T>(string step, TimeSpan timeout, CancellationToken cancellationToken, Func<CancellationToken, Task<T>> body)
        {
            if (_unusable != null)
                throw new ImapConnectionException("the IMAP connection is no longer usable (" + _unusable + "); connect again");
            using var scope = new CommandScope(cancellationToken, timeout, _transport.Abort);
            _transport.Reader.BeforeRead = scope.Touch;
            try
            {
                return await body(scope.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (scope.IsCancelled && !(e is ImapProtocolException))
            {
                _unusable = step + " did not complete";
                throw scope.Failure(step);
            }
            catch (ImapConnectionException e)
            {
                _unusable = "connection closed";
                if (ByeText != null)
                    throw new ImapConnectionException("the server ended the session during " + step + ": " + ByeText, e);
                throw;
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException)
            {
                _unusable = "connection lost";
                throw new ImapConnectionException("connection to " + _options.Host + " lost during " + step + ": " + e.Message, e);
            }
            catch (Exception e) when (!(e is ImapCommandException || e is ImapAuthenticationException || e is ImapThrottledException))
            {
                // Protocol errors and failures in the caller's message handler leave unread responses behind.
                _unusable = e.GetType().Name + " during " + step;
                throw;
            }
        }

        /// <summary>Sends a command and reads responses up to its tagged completion, which is returned whatever its status.</summary>
        public async Task<ImapResponse> RunAsync(ImapCommand command, CancellationToken cancellationToken,
            Func<ImapResponse, Task>? onUntagged = null, FetchDataHandler? onFetch = null, Func<ImapResponse, Task>? onContinuation = null)
        {
            var tag = NextTag();
            var rejected = await SendAsync(tag, command, onUntagged, cancellationToken).ConfigureAwait(false);
            return rejected ?? await ReadUntilTaggedAsync(tag, command.Name, onUntagged, onFetch, onContinuation, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Sends <paramref name="commands"/> in one write and reads their tagged completions in order, so they cost one
        /// round trip (RFC 3501 §5.5: the server runs them in the order sent). Every completion is read, whatever its
        /// status, so the session stays in step. <paramref name="onUntagged"/> gets the index of the command whose
        /// completion is awaited. The commands may hold no literal unless the server takes LITERAL+.
        /// </summary>
        public async Task<IReadOnlyList<ImapResponse>> RunPipelinedAsync(IReadOnlyList<ImapCommand> commands, Func<int, ImapResponse, Task> onUntagged,
            CancellationToken cancellationToken)
        {
            var wire = new MemoryStream();
            var tags = new List<string>();
            foreach (var command in commands)
            {
                if (command.Parts.Any(p => p.Literal != null) && !LiteralPlus)
                    throw new InvalidOperationException(command.Name + " carries a literal and cannot be pipelined without LITERAL+");
                tags.Add(NextTag());
                Encode(wire, tags[tags.Count - 1], command);
            }
            await _transport.WriteAsync(wire.ToArray(), cancellationToken).ConfigureAwait(false);
            var completions = new List<ImapResponse>();
            for (var i = 0; i < commands.Count; i++)
            {
                var index = i;
                completions.Add(await ReadUntilTaggedAsync(tags[i], commands[i].Name, r => onUntagged(index, r), null, null, cancellationToken)
                    .ConfigureAwait(false));
            }
            return completions;
        }

        /// <summary>Sends a command whose answer will not be read (LOGOUT on the way out); the session is done with afterwards.</summary>
        public Task SendOnlyAsync(ImapCommand command, CancellationToken cancellationToken)
        {
            var wire = new MemoryStream();
            Encode(wire, NextTag(), command);
            _unusable = command.Name + " sent without reading its answer";
            return _transport.WriteAsync(wire.ToArray(), cancellationToken);
        }

        /// <summary>Sends one raw line in the middle of a command (an AUTHENTICATE response); traced as "***" when secret.</summary>
        public Task SendLineAsync(string line, bool secret, CancellationToken cancellationToken)
        {
            Trace("C: " + (secret ? "***" : line));
            return _transport.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken);
        }

        public async Task<ImapResponse> ReadResponseAsync(Func<ImapResponse, Task>? onUntagged, CancellationToken cancellationToken)
        {
            var response = await ImapResponseParser.ReadAsync(_transport.Reader, null, cancellationToken).ConfigureAwait(false);
            Track(response);
            if (response.Kind == ImapResponseKind.Untagged && onUntagged != null)
                await onUntagged(response).ConfigureAwait(false);
            return response;
        }

        public void Dispose() => _transport.Dispose();

        private async Task<ImapResponse> ReadUntilTaggedAsync(string tag, string name, Func<ImapResponse, Task>? onUntagged,
            FetchDataHandler? onFetch, Func<ImapResponse, Task>? onContinuation, CancellationToken cancellationToken)
        {
            while (true)
            {
                var response = await ImapResponseParser.ReadAsync(_transport.Reader, onFetch, cancellationToken).ConfigureAwait(false);
                Track(response);
                switch (response.Kind)
                {
                    case ImapResponseKind.Tagged when response.Tag == tag:
                        return response;
                    case ImapResponseKind.Tagged:
                        throw new ImapProtocolException("tagged response '" + response.Tag + "' while waiting for " + tag + " (" + name + ")");
                    case ImapResponseKind.Continuation when onContinuation != null:
                        await onContinuation(response).ConfigureAwait(false);
                        break;
                    case ImapResponseKind.Continuation:
                        throw new ImapProtocolException("unexpected continuation request during " + name);
                    default:
                        if (onUntagged != null)
                            await onUntagged(response).ConfigureAwait(false);
                        break;
                }
            }
        }

        /// <summary>Writes the command; returns the tagged response if the server rejects it before a synchronising literal.</summary>
        private async Task<ImapResponse?> SendAsync(string tag, ImapCommand command, Func<ImapResponse, Task>? onUntagged, CancellationToken cancellationToken)
        {
            var wire = new MemoryStream();
            var rejected = await EncodeAsync(wire, tag, command, (w, ct) => FlushAndAwaitContinuationAsync(tag, w, onUntagged, ct), cancellationToken)
                .ConfigureAwait(false);
            if (rejected != null)
                return rejected;
            await _transport.WriteAsync(wire.ToArray(), cancellationToken).ConfigureAwait(false);
            return null;
        }

        /// <summary>Appends a command that needs no go-ahead from the server (no literal, or LITERAL+).</summary>
        private void Encode(MemoryStream wire, string tag, ImapCommand command) =>
            EncodeAsync(wire, tag, command, (_, _) => throw new InvalidOperationException("synchronising literal in a pipelined command"), CancellationToken.None)
                .GetAwaiter().GetResult();

        /// <summary>
        /// Appends the command's bytes to <paramref name="wire"/>; before each synchronising literal <paramref name="awaitGoAhead"/>
        /// flushes and waits for the server's continuation (returning its rejection, if any, which ends the command).
        /// </summary>
        private async Task<ImapResponse?> EncodeAsync(MemoryStream wire, string tag, ImapCommand command,
            Func<MemoryStream, CancellationToken, Task<ImapResponse?>> awaitGoAhead, CancellationToken cancellationToken)
        {
            Write(wire, tag);
            var trace = new StringBuilder("C: ").Append(tag);
            var literalPlus = LiteralPlus;
            foreach (var part in command.Parts)
            {
                Write(wire, " ");
                trace.Append(' ');
                if (part.Literal == null)
                {
                    Write(wire, part.Text);
                    trace.Append(part.IsSecret ? "***" : part.Text);
                    continue;
                }
                var header = "{" + part.Literal.Length + (literalPlus ? "+}" : "}");
                Write(wire, header + "\r\n");
                trace.Append(header).Append(part.IsSecret ? "***" : "<" + part.Literal.Length + " octets>");
                if (!literalPlus)
                {
                    var rejected = await awaitGoAhead(wire, cancellationToken).ConfigureAwait(false);
                    if (rejected != null)
                        return rejected;
                }
                wire.Write(part.Literal, 0, part.Literal.Length);
            }
            Write(wire, "\r\n");
            Trace(trace.ToString());
            return null;
        }

        private async Task<ImapResponse?> FlushAndAwaitContinuationAsync(string tag, MemoryStream wire, Func<ImapResponse, Task>? onUntagged, CancellationToken cancellationToken)
        {
            await _transport.WriteAsync(wire.ToArray(), cancellationToken).ConfigureAwait(false);
            wire.SetLength(0);
            while (true)
            {
                var response = await ReadResponseAsync(onUntagged, cancellationToken).ConfigureAwait(false);
                if (response.Kind == ImapResponseKind.Continuation)
                    return null;
                if (response.Kind == ImapResponseKind.Tagged && response.Tag == tag)
                    return response;
                if (response.Kind == ImapResponseKind.Tagged)
                    throw new ImapProtocolException("tagged response '" + response.Tag + "' while sending " + tag);
            }
        }

        private void Track(ImapResponse response)
        {
            switch (response.Name)
            {
                case "EXISTS" when response.Number.HasValue:
                    Exists = response.Number.Value;
                    break;
                case "EXPUNGE" when Exists > 0:
                    Exists--;
                    break;
                case "BYE":
                    ByeText = response.Text;
                    break;
                case "CAPABILITY":
                    Announce(response.Atoms);
                    break;
                case "OK":
                    var code = response.Code;
                    if (code != null && code.StartsWith("CAPABILITY ", StringComparison.OrdinalIgnoreCase))
                        Announce(code.Split(' ').Skip(1));
                    break;
            }
        }

        private void Announce(IEnumerable<string> capabilities)
        {
            Capabilities = new HashSet<string>(capabilities, StringComparer.OrdinalIgnoreCase);
            CapabilitiesCurrent = true;
            CapabilityAnnouncements++;
        }

        private string NextTag() => "A" + (++_nextTag).ToString("0000", System.Globalization.CultureInfo.InvariantCulture);

        private void Trace(string line) => _options.Trace?.Invoke(line);

        private static void Write(MemoryStream stream, string text)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
        }
    }
}
