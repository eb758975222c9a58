using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;

namespace FundMail.Sftp
{
    /// <summary>An open SFTP v3 session: the file operations the uploader needs. Paths are the server's, '/'-separated.</summary>
    public interface ISftpSession : IDisposable
    {
        /// <summary>Extensions the server announced in SSH_FXP_VERSION (name → version).</summary>
        IReadOnlyDictionary<string, string> ServerExtensions { get; }

        /// <summary>A snapshot of the negotiated SSH algorithms and the verified host key.</summary>
        SshConnectionInfo Connection { get; }

        /// <summary>How long the SFTP handshake's one round trip (INIT → VERSION) took: how far away the server is.</summary>
        TimeSpan HandshakeRoundTrip { get; }

        bool SupportsPosixRename { get; }
        bool SupportsFsync { get; }

        Task<SftpFileAttributes?> TryStatAsync(string path, CancellationToken ct);
        Task<string> RealPathAsync(string path, CancellationToken ct);
        Task CreateDirectoryAsync(string path, CancellationToken ct);

        /// <summary>Creates the directory and every missing parent; existing ones are fine.</summary>
        Task CreateDirectoriesAsync(string path, CancellationToken ct);

        Task<IReadOnlyList<SftpDirectoryEntry>> ListDirectoryAsync(string path, CancellationToken ct);
        Task RemoveAsync(string path, CancellationToken ct);

        /// <summary>Plain SSH_FXP_RENAME: servers refuse it when the target exists.</summary>
        Task RenameAsync(string from, string to, CancellationToken ct);

        /// <summary>posix-rename@openssh.com: atomically replaces the target. Only when SupportsPosixRename.</summary>
        Task PosixRenameAsync(string from, string to, CancellationToken ct);

        Task<SftpFileHandle> OpenAsync(string path, SftpOpenMode mode, CancellationToken ct);

        /// <summary>Streams the source to the file from offset 0 with up to writesInFlight WRITEs unanswered; observe sees every chunk sent.</summary>
        Task<long> WriteAsync(SftpFileHandle file, Stream source, int writesInFlight, Action<byte[], int, int>? observe, CancellationToken ct);

        Task<SftpFileAttributes> FStatAsync(SftpFileHandle file, CancellationToken ct);

        /// <summary>fsync@openssh.com: the data is on the server's disk. Only when SupportsFsync.</summary>
        Task FsyncAsync(SftpFileHandle file, CancellationToken ct);

        Task CloseAsync(SftpFileHandle file, CancellationToken ct);

        /// <summary>
        /// A second SFTP session on the same connection, served by a separate server process, so a slow request on it
        /// (an fsync) never stalls this one's. The same sibling on every call, ended with this session; null when the server
        /// refuses another channel or is known to mishandle two (<see cref="SingleChannelServers"/>).
        /// </summary>
        Task<ISftpSession?> SiblingAsync(CancellationToken ct);
    }
}
