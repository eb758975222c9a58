using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.Ssh;
using FundMail.Util;

namespace FundMail.Tests.Ssh.Fuzz
{
    /// <summary>
    /// Our client's side of a fuzz case: connect, then a fixed conversation of 13 SFTP requests (what an upload and a
    /// temp-file sweep use). The outcome is success, a clear error (an SshException, with only I/O causes inside), or a
    /// finding: any other exception anywhere in the chain (a crash, even one wrapped as a connection error), or a hang.
    /// </summary>
    internal static class FuzzClient
    {
        // The client's own limits are 2 s per handshake phase and per answer: a case still running after 8 s is a hang.
        private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(8);

        public static async Task<(string? Finding, Exception? Error)> RunAsync(FuzzCase? fuzz)
        {
            using var server = new FuzzServer(fuzz);
            using var hung = new CancellationTokenSource(Watchdog);
            var conversation = ConverseAsync(server.Port, hung.Token);
            if (await Task.WhenAny(conversation, Task.Delay(Watchdog + TimeSpan.FromSeconds(5))).ConfigureAwait(false) != conversation)
                return ("hang: no end even " + (Watchdog.TotalSeconds + 5) + " s after the watchdog", null);
            try
            {
                await conversation.ConfigureAwait(false);
                return (null, null);
            }
            catch (OperationCanceledException e) when (hung.IsCancellationRequested)
            {
                return ("hang: still running after " + Watchdog.TotalSeconds + " s", e);
            }
            catch (Exception e)
            {
                return (Crash(e), e);
            }
        }

        private static async Task ConverseAsync(int port, CancellationToken ct)
        {
            var options = new SftpConnectOptions
            {
                Host = "127.0.0.1", Port = port, User = "fuzz", Password = new Secret("fuzz-pw"),
                HostKeyFingerprints = new[] { FuzzServer.Fingerprint },
                ConnectTimeout = TimeSpan.FromSeconds(2), OperationTimeout = TimeSpan.FromSeconds(2),
            };
            using var session = await SftpClient.ConnectAsync(options, ct).ConfigureAwait(false);
            await session.RealPathAsync(".", ct).ConfigureAwait(false);
            await session.TryStatAsync("missing", ct).ConfigureAwait(false);
            await session.ListDirectoryAsync(".", ct).ConfigureAwait(false);
            var file = await session.OpenAsync("up.part", SftpOpenMode.Write | SftpOpenMode.Create | SftpOpenMode.Truncate, ct).ConfigureAwait(false);
            await session.WriteAsync(file, new MemoryStream(new byte[40_000]), SftpUploader.MostWritesInFlight, null, ct).ConfigureAwait(false);
            await session.FStatAsync(file, ct).ConfigureAwait(false);
            await session.FsyncAsync(file, ct).ConfigureAwait(false);
            await session.CloseAsync(file, ct).ConfigureAwait(false);
            await session.PosixRenameAsync("up.part", "up", ct).ConfigureAwait(false);
        }

        /// <summary>Null for a clear error; else what escaped the protocol code.</summary>
        private static string? Crash(Exception error)
        {
            if (!(error is SshException)) return "crash: " + error.GetType().Name + ": " + error.Message + "\n" + error.StackTrace;
            for (var inner = error.InnerException; inner != null; inner = inner.InnerException)
            {
                if (inner is SshException || inner is IOException || inner is SocketException || inner is OperationCanceledException ||
                    inner is ObjectDisposedException) continue;
                return "crash inside '" + error.Message + "': " + inner.GetType().Name + ": " + inner.Message + "\n" + inner.StackTrace;
            }
            return null;
        }
    }
}
