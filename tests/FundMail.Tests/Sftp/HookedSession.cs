using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Sftp;

namespace FundMail.Tests.Sftp
{
    /// <summary>
    /// A real session with a hook called before each OPEN and each rename goes to the server (to observe or disturb),
    /// and counts of fsyncs, closes and sibling requests.
    /// </summary>
    internal sealed class HookedSession : ISftpSession
    {
        private readonly ISftpSession _inner;

        public HookedSession(ISftpSession inner) => _inner = inner;

        /// <summary>Called with the temp path before its OPEN is sent.</summary>
        public Action<string>? BeforeOpen { get; set; }

        /// <summary>Called with (temp, target) before a rename is sent.</summary>
        public Action<string, string>? BeforeRename { get; set; }

        public IReadOnlyDictionary<string, string> ServerExtensions => _inner.ServerExtensions;
        public FundMail.Ssh.SshConnectionInfo Connection => _inner.Connection;
        public bool SupportsPosixRename => _inner.SupportsPosixRename;
        public bool SupportsFsync => _inner.SupportsFsync;
        /// <summary>Stands in for the measured handshake round trip (a server close by, or one far away).</summary>
        public TimeSpan? RoundTripSeen { get; set; }

        public TimeSpan HandshakeRoundTrip => RoundTripSeen ?? _inner.HandshakeRoundTrip;
        public Task<SftpFileAttributes?> TryStatAsync(string path, CancellationToken ct) => _inner.TryStatAsync(path, ct);
        public Task<string> RealPathAsync(string path, CancellationToken ct) => _inner.RealPathAsync(path, ct);
        public Task CreateDirectoryAsync(string path, CancellationToken ct) => _inner.CreateDirectoryAsync(path, ct);
        public Task CreateDirectoriesAsync(string path, CancellationToken ct) => _inner.CreateDirectoriesAsync(path, ct);
        /// <summary>How many directory listings were asked for.</summary>
        public int Listings;

        public Task<IReadOnlyList<SftpDirectoryEntry>> ListDirectoryAsync(string path, CancellationToken ct)
        {
            Interlocked.Increment(ref Listings);
            return _inner.ListDirectoryAsync(path, ct);
        }
        public Task RemoveAsync(string path, CancellationToken ct) => _inner.RemoveAsync(path, ct);

        public Task RenameAsync(string from, string to, CancellationToken ct)
        {
            BeforeRename?.Invoke(from, to);
            return _inner.RenameAsync(from, to, ct);
        }

        public Task PosixRenameAsync(string from, string to, CancellationToken ct)
        {
            BeforeRename?.Invoke(from, to);
            return _inner.PosixRenameAsync(from, to, ct);
        }

        /// <summary>How many files were opened on this session.</summary>
        public int Opens;

        public Task<SftpFileHandle> OpenAsync(string path, SftpOpenMode mode, CancellationToken ct)
        {
            Interlocked.Increment(ref Opens);
            BeforeOpen?.Invoke(path);
            return _inner.OpenAsync(path, mode, ct);
        }

        /// <summary>The most WRITEs a file was allowed to keep in flight.</summary>
        public int MostWritesInFlight;
        private readonly object _writesLock = new object();

        public Task<long> WriteAsync(SftpFileHandle file, Stream source, int writesInFlight, Action<byte[], int, int>? observe, CancellationToken ct)
        {
            lock (_writesLock) MostWritesInFlight = Math.Max(MostWritesInFlight, writesInFlight);
            return _inner.WriteAsync(file, source, writesInFlight, observe, ct);
        }

        public Task<SftpFileAttributes> FStatAsync(SftpFileHandle file, CancellationToken ct) => _inner.FStatAsync(file, ct);

        /// <summary>The sibling handed out, itself hooked; null until one is asked for, or when the server refused one.</summary>
        public HookedSession? Sibling { get; private set; }

        public int SiblingRequests;
        public int Fsyncs;
        public int Closes;

        public async Task<ISftpSession?> SiblingAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref SiblingRequests);
            var inner = await _inner.SiblingAsync(ct);
            if (inner == null) return null;
            lock (this) return Sibling ??= new HookedSession(inner);
        }

        public Task FsyncAsync(SftpFileHandle file, CancellationToken ct)
        {
            Interlocked.Increment(ref Fsyncs);
            return _inner.FsyncAsync(file, ct);
        }

        public Task CloseAsync(SftpFileHandle file, CancellationToken ct)
        {
            Interlocked.Increment(ref Closes);
            return _inner.CloseAsync(file, ct);
        }
        public void Dispose() => _inner.Dispose();
    }
}
