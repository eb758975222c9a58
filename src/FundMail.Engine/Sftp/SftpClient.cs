using System;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;

namespace FundMail.Sftp
{
    /// <summary>
    /// Opens SFTP sessions: TCP, SSH transport with host key pinning, user authentication, the sftp subsystem.
    /// <code>
    /// using (var session = await SftpClient.ConnectAsync(options, ct))
    ///     results = await new SftpUploader(session).UploadManyAsync(files, ct);
    /// </code>
    /// Failures are SshException subclasses; IsRetryable says whether to try again later.
    /// </summary>
    public static class SftpClient
    {
        public static async Task<ISftpSession> ConnectAsync(SftpConnectOptions options, CancellationToken ct)
        {
            options.Validate();
            var key = options.PrivateKeyFile == null ? null : PrivateKeyFile.Load(options.PrivateKeyFile, options.PrivateKeyPassphrase);
            var policy = new HostKeyPolicy(options.Host, options.Port, options.HostKeyFingerprints, options.KnownHostsFile);
            var settings = new SshTransportSettings(options.Host, options.Port, policy)
            {
                ConnectTimeout = options.ConnectTimeout,
                KeepAliveInterval = options.KeepAliveInterval,
                RekeyAfterBytes = options.RekeyAfterBytes,
            };
            var connection = await SshConnection.ConnectAsync(settings, options.User, key, options.Password, ct).ConfigureAwait(false);
            try
            {
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    timeout.CancelAfter(options.ConnectTimeout);
                    try
                    {
                        return await SftpSession.StartAsync(connection, options.OperationTimeout, timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        // Our own time limit, not the caller's cancellation: a server that never opened the sftp channel.
                        throw new SshConnectionException("the SFTP subsystem did not start within " + options.ConnectTimeout.TotalSeconds + " s");
                    }
                }
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
    }
}
