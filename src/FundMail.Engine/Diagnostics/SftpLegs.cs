using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Sftp;
using FundMail.Ssh;

namespace FundMail.Diagnostics
{
    /// <summary>
    /// SFTP host key → SFTP auth → remote directory writable (a probe file uploaded the way real files are, then removed;
    /// the detail names SFTP extensions the server lacks for full durability).
    /// </summary>
    internal static class SftpLegs
    {
        public static async Task RunAsync(SftpSettings settings, CheckReporter reporter, CancellationToken ct)
        {
            var where = settings.Connect.Host + ":" + settings.Connect.Port;
            ISftpSession? session = null;
            SshException? failure = null;
            try
            {
                session = await SftpClient.ConnectAsync(settings.Connect, ct).ConfigureAwait(false);
            }
            catch (SshException e)
            {
                failure = e;
            }
            using (session)
            {
                var hostKeyPassed = failure == null || failure is SshAuthenticationException || failure is SshKeyFileException;
                await reporter.ChainAsync(
                    ("SFTP host key", () => Task.FromResult(hostKeyPassed
                        ? (true, where + " presented a pinned host key", (string?)null)
                        : (false, failure!.Message, failure is SshHostKeyException
                            ? "check the fingerprint with the server's admin, then put it in SFTP_HOST_KEY"
                            : "check HOST/PORT and that a firewall lets this machine reach the SFTP server"))),
                    ("SFTP auth", () => Task.FromResult(failure == null
                        ? (true, settings.Connect.User + " logged in", (string?)null)
                        : (false, failure.Message, "check SFTP_ID and SFTP_PW (or SFTP_KEY_FILE and its public key in the server's authorized_keys)"))),
                    ("remote directory", () => ProbeAsync(session!, settings, ct))).ConfigureAwait(false);
            }
        }

        private static async Task<(bool ok, string detail, string? fix)> ProbeAsync(ISftpSession session, SftpSettings settings, CancellationToken ct)
        {
            var local = Path.Combine(Path.GetTempPath(), "fundmail-probe-" + Guid.NewGuid().ToString("N") + ".txt");
            var remote = settings.RemotePath(".fundmail-probe-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            File.WriteAllText(local, "FundMail write check; safe to delete.\n");
            try
            {
                await new SftpUploader(session).UploadAsync(local, remote, ct).ConfigureAwait(false);
                await session.RemoveAsync(remote, ct).ConfigureAwait(false);
                var durability = ServerDurability.Of(session, settings.Connect.Host + ":" + settings.Connect.Port);
                return (true, settings.RemoteDirectory + " is writable (a probe file was uploaded atomically and removed)" +
                              (durability == ServerDurability.Full ? "" : "; durability " + durability), null);
            }
            catch (SshException e)
            {
                return (false, e.Message, "create " + settings.RemoteDirectory + " on the server and let " + settings.Connect.User + " write to it, or set SFTP_REMOTE_DIR");
            }
            finally
            {
                File.Delete(local);
            }
        }
    }
}
