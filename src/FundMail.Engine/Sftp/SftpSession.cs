using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;
using FundMail.Util;

namespace FundMail.Sftp
{
    /// <summary>An SFTP v3 session on the "sftp" subsystem of an SSH connection (draft-ietf-secsh-filexfer-02, OpenSSH PROTOCOL §4).</summary>
    internal sealed partial class SftpSession : ISftpSession
    {
        private readonly SshConnection _connection;
        private readonly SshChannel _channel;
        private readonly SftpChannelIo _io;
        private readonly TimeSpan _operationTimeout;
        private readonly bool _ownsConnection;
        private readonly CancellationTokenSource _lifetime = new CancellationTokenSource();
        private readonly Dictionary<string, string> _extensions = new Dictionary<string, string>();
        private readonly object _siblingGate = new object();
        private Task<SftpSession?>? _sibling;

        private SftpSession(SshConnection connection, SshChannel channel, TimeSpan operationTimeout, bool ownsConnection)
        {
            _connection = connection;
            _channel = channel;
            _operationTimeout = operationTimeout;
            _ownsConnection = ownsConnection;
            _io = new SftpChannelIo(channel, operationTimeout, Dispose);
        }

        internal SshTransport Transport => _connection.Transport;

        public IReadOnlyDictionary<string, string> ServerExtensions => _extensions;
        public SshConnectionInfo Connection => new SshConnectionInfo(Transport);
        public TimeSpan HandshakeRoundTrip { get; private set; }
        public bool SupportsPosixRename => _extensions.ContainsKey("posix-rename@openssh.com");
        public bool SupportsFsync => _extensions.ContainsKey("fsync@openssh.com");

        internal static async Task<SftpSession> StartAsync(SshConnection connection, TimeSpan operationTimeout, CancellationToken ct,
            bool ownsConnection = true)
        {
            var channel = await connection.OpenSubsystemAsync("sftp", ct).ConfigureAwait(false);
            var session = new SftpSession(connection, channel, operationTimeout, ownsConnection);
            var clock = Stopwatch.StartNew();
            await session._io.SendRawAsync(new SshWriter().WriteUInt32(5).WriteByte(SftpPacket.Init).WriteUInt32(3).ToArray(), ct).ConfigureAwait(false);
            var version = await session._io.ReadPacketAsync(ct).ConfigureAwait(false);
            session.HandshakeRoundTrip = clock.Elapsed;
            if (version.ReadByte() != SftpPacket.Version) throw new SshProtocolException("the SFTP server did not answer INIT with VERSION");
            var number = version.ReadUInt32();
            if (number < 3) throw new SshProtocolException("the SFTP server speaks version " + number + "; version 3 is required");
            while (version.Remaining > 0) session._extensions[version.ReadText()] = version.ReadText();
            session._io.StartReader(session._lifetime.Token);
            return session;
        }

        public async Task<SftpFileAttributes?> TryStatAsync(string path, CancellationToken ct)
        {
            var request = _io.Start(SftpPacket.Stat, out var id).WriteString(path);
            var answer = await _io.RequestAsync(id, request, ct).ConfigureAwait(false);
            if (answer.Type == SftpPacket.Status)
            {
                var status = answer.Reader.ReadUInt32();
                if (status == SftpStatus.NoSuchFile) return null;
                throw StatusError(answer, status, "stat", path);
            }
            return Attributes(answer, "stat", path);
        }

        public async Task<SftpFileAttributes> FStatAsync(SftpFileHandle file, CancellationToken ct)
        {
            var request = _io.Start(SftpPacket.FStat, out var id).WriteString(file.Handle);
            return Attributes(await _io.RequestAsync(id, request, ct).ConfigureAwait(false), "fstat", file.Path);
        }

        public async Task<string> RealPathAsync(string path, CancellationToken ct)
        {
            var request = _io.Start(SftpPacket.RealPath, out var id).WriteString(path);
            var answer = await _io.RequestAsync(id, request, ct).ConfigureAwait(false);
            ExpectType(answer, SftpPacket.Name, "realpath", path);
            if (answer.Reader.ReadUInt32() < 1) throw new SshProtocolException("REALPATH returned no name");
            return answer.Reader.ReadText();
        }

        public async Task CreateDirectoryAsync(string path, CancellationToken ct)
        {
            var request = _io.Start(SftpPacket.MkDir, out var id).WriteString(path);
            SftpFileAttributes.WriteEmpty(request);
            ExpectOk(await _io.RequestAsync(id, request, ct).ConfigureAwait(false), "mkdir", path);
        }

        public async Task CreateDirectoriesAsync(string path, CancellationToken ct)
        {
            var existing = await TryStatAsync(path, ct).ConfigureAwait(false);
            if (existing != null)
            {
                if (!existing.IsDirectory) throw new SftpStatusException("mkdir", path, SftpStatus.Failure, "exists and is not a directory");
                return;
            }
            var slash = path.TrimEnd('/').LastIndexOf('/');
            if (slash > 0) await CreateDirectoriesAsync(path.Substring(0, slash), ct).ConfigureAwait(false);
            try
            {
                await CreateDirectoryAsync(path, ct).ConfigureAwait(false);
            }
            catch (SftpStatusException)
            {
                // Someone else may have created it in between: that is what we wanted.
                if ((await TryStatAsync(path, ct).ConfigureAwait(false))?.IsDirectory != true) throw;
            }
        }

        public async Task RemoveAsync(string path, CancellationToken ct)
        {
            var request = _io.Start(SftpPacket.Remove, out var id).WriteString(path);
            ExpectOk(await _io.RequestAsync(id, request, ct).ConfigureAwait(false), "remove", path);
        }

        public async Task RenameAsync(string from, string to, CancellationToken ct)
        {
            var request = _io.Start(SftpPacket.Rename, out var id).WriteString(from).WriteString(to);
            ExpectOk(await _io.RequestAsync(id, request, ct).ConfigureAwait(false), "rename", from + "' to '" + to);
        }

        public async Task PosixRenameAsync(string from, string to, CancellationToken ct)
        {
            var request = _io.Start(SftpPacket.Extended, out var id).WriteString("posix-rename@openssh.com").WriteString(from).WriteString(to);
            ExpectOk(await _io.RequestAsync(id, request, ct).ConfigureAwait(false), "posix-rename", from + "' to '" + to);
        }

        public async Task<SftpFileHandle> OpenAsync(string path, SftpOpenMode mode, CancellationToken ct)
        {
            var request = _io.Start(SftpPacket.Open, out var id).WriteString(path).WriteUInt32((uint)mode);
            SftpFileAttributes.WriteEmpty(request);
            var answer = await _io.RequestAsync(id, request, ct).ConfigureAwait(false);
            ExpectType(answer, SftpPacket.Handle, "open", path);
            return new SftpFileHandle(path, answer.Reader.ReadString());
        }

        public async Task FsyncAsync(SftpFileHandle file, CancellationToken ct)
        {
            var request = _io.Start(SftpPacket.Extended, out var id).WriteString("fsync@openssh.com").WriteString(file.Handle);
            ExpectOk(await _io.RequestAsync(id, request, ct).ConfigureAwait(false), "fsync", file.Path);
        }

        public async Task CloseAsync(SftpFileHandle file, CancellationToken ct)
        {
            var request = _io.Start(SftpPacket.Close, out var id).WriteString(file.Handle);
            ExpectOk(await _io.RequestAsync(id, request, ct).ConfigureAwait(false), "close", file.Path);
        }

        public async Task<IReadOnlyList<SftpDirectoryEntry>> ListDirectoryAsync(string path, CancellationToken ct)
        {
            var open = _io.Start(SftpPacket.OpenDir, out var openId).WriteString(path);
            var answer = await _io.RequestAsync(openId, open, ct).ConfigureAwait(false);
            ExpectType(answer, SftpPacket.Handle, "opendir", path);
            var handle = new SftpFileHandle(path, answer.Reader.ReadString());
            var entries = new List<SftpDirectoryEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var read = _io.Start(SftpPacket.ReadDir, out var readId).WriteString(handle.Handle);
                var batch = await _io.RequestAsync(readId, read, ct).ConfigureAwait(false);
                if (batch.Type == SftpPacket.Status)
                {
                    var status = batch.Reader.ReadUInt32();
                    if (status == SftpStatus.Eof) break;
                    throw StatusError(batch, status, "readdir", path);
                }
                ExpectType(batch, SftpPacket.Name, "readdir", path);
                var count = batch.Reader.ReadUInt32();
                var progress = false;
                for (var i = 0; i < count; i++)
                {
                    var name = batch.Reader.ReadText();
                    batch.Reader.ReadText();
                    progress |= names.Add(name);
                    entries.Add(new SftpDirectoryEntry(name, SftpFileAttributes.Read(batch.Reader)));
                }
                // Each READDIR must bring names not seen yet: a server repeating itself would keep us listing forever.
                if (!progress) throw new SshProtocolException("the SFTP server lists the entries of '" + path + "' again instead of ending the listing");
            }
            await CloseAsync(handle, ct).ConfigureAwait(false);
            return entries;
        }

        public async Task<ISftpSession?> SiblingAsync(CancellationToken ct)
        {
            if (SingleChannelServers.Includes(Transport.ServerVersion)) return null;
            Task<SftpSession?> sibling;
            lock (_siblingGate)
                sibling = _sibling ??= StartSiblingAsync();
            return await sibling.WithCancellation(ct).ConfigureAwait(false);
        }

        /// <summary>
        /// A second sftp channel, or null when the server refuses one (sshd's MaxSessions, another server's policy). Shared
        /// by every caller, so it runs on this session's lifetime, not on the first caller's token.
        /// </summary>
        private async Task<SftpSession?> StartSiblingAsync()
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token))
            {
                timeout.CancelAfter(_operationTimeout);
                try
                {
                    return await StartAsync(_connection, _operationTimeout, timeout.Token, ownsConnection: false).ConfigureAwait(false);
                }
                catch (SshProtocolException)
                {
                    return null;
                }
            }
        }

        /// <summary>The main session ends the connection (and with it any sibling); a sibling closes only its channel.</summary>
        public void Dispose()
        {
            _lifetime.Cancel();
            if (_sibling is { IsCompleted: true } started && started.Status == TaskStatus.RanToCompletion) started.Result?.Dispose();
            if (_ownsConnection)
            {
                _connection.Dispose();
                return;
            }
            _ = CloseChannelQuietlyAsync();
        }

        private async Task CloseChannelQuietlyAsync()
        {
            try
            {
                using (var quick = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
                    await _channel.CloseAsync(quick.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SshException || e is OperationCanceledException || e is ObjectDisposedException)
            {
                // The connection is going or gone: the channel ends with it.
            }
        }

        private static SftpFileAttributes Attributes(SftpResponse answer, string operation, string path)
        {
            ExpectType(answer, SftpPacket.Attrs, operation, path);
            return SftpFileAttributes.Read(answer.Reader);
        }

        private static void ExpectOk(SftpResponse answer, string operation, string path)
        {
            if (answer.Type != SftpPacket.Status) throw new SshProtocolException("SFTP " + operation + " got packet " + answer.Type + " instead of a status");
            var status = answer.Reader.ReadUInt32();
            if (status != SftpStatus.Ok) throw StatusError(answer, status, operation, path);
        }

        private static void ExpectType(SftpResponse answer, byte type, string operation, string path)
        {
            if (answer.Type == type) return;
            if (answer.Type != SftpPacket.Status) throw new SshProtocolException("SFTP " + operation + " got packet " + answer.Type);
            throw StatusError(answer, answer.Reader.ReadUInt32(), operation, path);
        }

        private static SftpStatusException StatusError(SftpResponse answer, uint status, string operation, string path)
        {
            var message = answer.Reader.Remaining >= 4 ? answer.Reader.ReadText() : "";
            return new SftpStatusException(operation, path, status, message);
        }
    }
}
