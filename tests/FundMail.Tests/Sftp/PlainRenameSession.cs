using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Sftp;

namespace FundMail.Tests.Sftp
{
    /// <summary>A real session that hides posix-rename, the way Windows OpenSSH servers lack it.</summary>
    internal sealed class PlainRenameSession : ISftpSession
    {
        private readonly ISftpSession _inner;

        public PlainRenameSession(ISftpSession inner) => _inner = inner;

        public IReadOnlyDictionary<string, string> ServerExtensions => _inner.ServerExtensions;
        public FundMail.Ssh.SshConnectionInfo Connection => _inner.Connection;
        public bool SupportsPosixRename => false;
        public bool SupportsFsync => _inner.SupportsFsync;
        public TimeSpan HandshakeRoundTrip => _inner.HandshakeRoundTrip;
        public Task<SftpFileAttributes?> TryStatAsync(string path, CancellationToken ct) => _inner.TryStatAsync(path, ct);
        public Task<string> RealPathAsync(string path, CancellationToken ct) => _inner.RealPathAsync(path, ct);
        public Task CreateDirectoryAsync(string path, CancellationToken ct) => _inner.CreateDirectoryAsync(path, ct);
        public Task CreateDirectoriesAsync(string path, CancellationToken ct) => _inner.CreateDirectoriesAsync(path, ct);
        public Task<IReadOnlyList<SftpDirectoryEntry>> ListDirectoryAsync(string path, CancellationToken ct) => _inner.ListDirectoryAsync(path, ct);
        public Task RemoveAsync(string path, CancellationToken ct) => _inner.RemoveAsync(path, ct);
        public Task RenameAsync(string from, string to, CancellationToken ct) => _inner.RenameAsync(from, to, ct);
        public Task PosixRenameAsync(string from, string to, CancellationToken ct) => throw new InvalidOperationException("posix-rename is hidden");
        public Task<SftpFileHandle> OpenAsync(string path, SftpOpenMode mode, CancellationToken ct) => _inner.OpenAsync(path, mode, ct);
        public Task<long> WriteAsync(SftpFileHandle file, Stream source, int writesInFlight, Action<byte[], int, int>? observe, CancellationToken ct) =>
            _inner.WriteAsync(file, source, writesInFlight, observe, ct);
        public Task<SftpFileAttributes> FStatAsync(SftpFileHandle file, CancellationToken ct) => _inner.FStatAsync(file, ct);
        public Task<ISftpSession?> SiblingAsync(CancellationToken ct) => _inner.SiblingAsync(ct);
        public Task FsyncAsync(SftpFileHandle file, CancellationToken ct) => _inner.FsyncAsync(file, ct);
        public Task CloseAsync(SftpFileHandle file, CancellationToken ct) => _inner.CloseAsync(file, ct);
        public void Dispose() => _inner.Dispose();
    }
}
