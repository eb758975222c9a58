using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Cycle;
using FundMail.Sftp;
using FundMail.Ssh;
using FundMail.Tests.Sftp;
using FundMail.TestServers.Interop;
using Xunit;

namespace FundMail.Tests.Interop
{
    /// <summary>
    /// Our SSH/SFTP client against an SFTP server other than OpenSSH (one per derived class, shared by its tests): login,
    /// host key pinning, whole sends through the engine's shipping path (checked on the server's disk and in its own log),
    /// and the failures the OpenSSH tests cover (ConnectionLossTests, TimeoutTests, UploadLanesTests) where this server
    /// can be made to do them.
    /// </summary>
    public abstract class SftpInteropTests
    {
        private const string Fsync = "fsync@openssh.com";
        private const string PosixRename = "posix-rename@openssh.com";
        private readonly InteropFixture _fixture;

        protected SftpInteropTests(InteropFixture fixture) => _fixture = fixture;

        private InteropSftpServer Server => _fixture.Server;

        [Fact]
        public async Task The_password_and_user_keys_of_each_type_log_in()
        {
            var options = await InteropFixture.OptionsAsync(Server);
            using (var session = await SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()))
                Assert.NotNull(await session.TryStatAsync(".", SftpTestFiles.Timeout()));
            foreach (var type in InteropFixture.UserKeyTypes)
            {
                options.Password = null;
                options.PrivateKeyFile = _fixture.KeyPath(type);
                using (var session = await SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()))
                    Assert.NotNull(await session.TryStatAsync(".", SftpTestFiles.Timeout()));
            }
        }

        [Theory]
        [InlineData("ed25519", "ssh-ed25519")]
        [InlineData("ecdsa", "ecdsa-sha2-nistp256")]
        public async Task A_pinned_host_key_of_either_type_is_the_one_verified(string type, string algorithm)
        {
            var options = await InteropFixture.OptionsAsync(Server);
            options.HostKeyFingerprints = new[] { await Server.FingerprintAsync(type) };
            using var session = await SftpClient.ConnectAsync(options, SftpTestFiles.Timeout());
            Assert.Equal(algorithm, session.Connection.HostKeyAlgorithm);
            Assert.Equal(await Server.FingerprintAsync(type), session.Connection.HostKeyFingerprint);
        }

        [Fact]
        public async Task A_wrong_pin_is_refused_before_authentication_so_the_password_is_never_sent()
        {
            var before = Server.Operations().AuthenticationRequests;
            var options = await InteropFixture.OptionsAsync(Server);
            options.HostKeyFingerprints = new[] { "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
            var error = await Assert.ThrowsAsync<SshHostKeyException>(() => SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()));
            Assert.Contains(await Server.FingerprintAsync("ed25519"), error.Message);
            Assert.Contains(await Server.FingerprintAsync("ecdsa"), error.Message);
            Assert.False(error.IsRetryable);
            await Task.Delay(500);
            Assert.Equal(before, Server.Operations().AuthenticationRequests);
        }

        /// <summary>Send-FundMailSftp's path (FileSender), twice: the second send replaces every file (plain rename needs the old one gone).</summary>
        [Fact]
        public async Task A_send_lands_byte_exact_without_temp_files_the_db_renamed_last_on_the_server()
        {
            using var batch = InteropBatch.Create("send");
            var settings = SftpSettings.Read(ConfigSource.FromValues(await InteropFixture.EnvValuesAsync(Server, batch.RemoteFolder)));
            foreach (var round in new[] { 1, 2 })
            {
                var before = Server.Operations();
                var inPlace = new ConcurrentQueue<string>();
                if (round == 2) File.WriteAllBytes(batch.Items[3].LocalPath, new byte[] { 2, 0, 2, 6 });
                await FileSender.SendAsync(settings, batch.Items, file => inPlace.Enqueue(file.RemotePath), SftpTestFiles.Timeout());

                Assert.Equal(batch.Requests.Count, inPlace.Count);
                Assert.Equal(batch.DbRemotePath, inPlace.Last());
                var renamed = await RenamesAsync(batch, before.RenameTargets.Count(t => t.Contains(batch.RemoteFolder)), batch.Requests.Count);
                Assert.EndsWith(batch.DbRemotePath, renamed.Last());
                AssertLanded(batch);
                var used = Server.Operations().Extended.Skip(before.Extended.Count).ToList();
                // One closing fsync per file when the server offers it (no file is big enough for write-behind ones).
                Assert.Equal(_fixture.Without.Contains(Fsync) ? 0 : batch.Requests.Count, used.Count(e => e == Fsync));
                Assert.Equal(_fixture.Without.Contains(PosixRename) ? 0 : batch.Requests.Count, used.Count(e => e == PosixRename));
                Assert.Equal(_fixture.ChannelsPerConnection, Server.Operations().SessionChannels - before.SessionChannels);
            }
        }

        /// <summary>As ConnectionLossTests with sshd: the server dies mid-batch (at the fifth rename), the DB never gets there, the retry sweeps.</summary>
        [Fact]
        public async Task A_server_killed_mid_batch_leaves_no_db_and_the_retry_sweeps_the_temp_files()
        {
            using var batch = InteropBatch.Create("killed");
            var options = await InteropFixture.OptionsAsync(Server);
            var renames = 0;
            using (var session = new HookedSession(await SftpClient.ConnectAsync(options, SftpTestFiles.Timeout())))
            {
                session.BeforeRename = (_, _) =>
                {
                    if (Interlocked.Increment(ref renames) == 5) Server.Kill();
                };
                var error = await Assert.ThrowsAnyAsync<SshException>(() =>
                    FileSender.SendAsync(new SftpUploader(session), batch.Requests, _ => { }, SftpTestFiles.Timeout()));
                Assert.True(error.IsRetryable, error.GetType().Name + ": " + error.Message);
            }
            var remote = Path.Combine(Server.UploadRoot, batch.RemoteFolder);
            Assert.False(File.Exists(Path.Combine(Server.UploadRoot, batch.DbRemotePath)));
            Assert.NotEmpty(Directory.GetFiles(remote, ".*.fundmail-*.tmp", SearchOption.AllDirectories));

            await Server.RestartAsync();
            using (var session = await SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()))
                await FileSender.SendAsync(new SftpUploader(session, staleTempAge: TimeSpan.Zero), batch.Requests, _ => { }, SftpTestFiles.Timeout());
            AssertLanded(batch);
        }

        /// <summary>As TimeoutTests with sshd: a server that stops answering (SIGSTOP) ends the operation after the timeout, retryable.</summary>
        [Fact]
        public async Task A_hung_server_ends_the_operation_after_the_operation_timeout_as_retryable()
        {
            var options = await InteropFixture.OptionsAsync(Server);
            options.OperationTimeout = TimeSpan.FromSeconds(2);
            using (var session = await SftpClient.ConnectAsync(options, SftpTestFiles.Timeout()))
            {
                Server.Freeze(true);
                try
                {
                    var clock = Stopwatch.StartNew();
                    var error = await Assert.ThrowsAsync<SshConnectionException>(() => session.TryStatAsync(".", SftpTestFiles.Timeout()));
                    Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 10);
                    Assert.Contains("no answer within 2 s", error.Message);
                    Assert.True(error.IsRetryable);
                }
                finally
                {
                    Server.Freeze(false);
                }
            }
        }

        /// <summary>
        /// As UploadLanesTests with MaxSessions 1: a server that refuses the second channel gets the whole batch on one session.
        /// AsyncSSH refuses the channel; ProFTPD (SFTPMaxChannels 1) would end the connection instead, but is never asked
        /// (SingleChannelServers), so there this shows that the batch lands under that setting.
        /// </summary>
        [Fact]
        public async Task A_server_that_refuses_a_second_session_gets_the_whole_batch_on_one()
        {
            var serverOptions = new InteropServerOptions { RefuseSecondSession = true };
            serverOptions.WithoutExtensions.AddRange(_fixture.Without);
            await using var server = await _fixture.StartServerAsync(serverOptions);
            using var batch = InteropBatch.Create("one-session");
            using var session = new HookedSession(await SftpClient.ConnectAsync(await InteropFixture.OptionsAsync(server), SftpTestFiles.Timeout()));

            await FileSender.SendAsync(new SftpUploader(session), batch.Requests, _ => { }, SftpTestFiles.Timeout());

            Assert.Equal(1, session.SiblingRequests);
            Assert.Null(session.Sibling);
            Assert.Equal(batch.Requests.Count, session.Opens);
            AssertLanded(batch, server);
            // The refused channel left the connection usable.
            Assert.NotNull(await session.TryStatAsync(batch.DbRemotePath, SftpTestFiles.Timeout()));
        }

        private void AssertLanded(InteropBatch batch, InteropSftpServer? server = null)
        {
            var root = (server ?? Server).UploadRoot;
            foreach (var request in batch.Requests)
                Assert.Equal(SftpTestFiles.Sha256(request.LocalPath), SftpTestFiles.Sha256(Path.Combine(root, request.RemotePath)));
            Assert.Empty(Directory.GetFiles(Path.Combine(root, batch.RemoteFolder), "*.tmp", SearchOption.AllDirectories));
        }

        /// <summary>The batch's renames in the server's log, once it has logged all of them (a log line may trail the answer).</summary>
        private async Task<string[]> RenamesAsync(InteropBatch batch, int skip, int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (true)
            {
                var renamed = Server.Operations().RenameTargets.Where(t => t.Contains(batch.RemoteFolder)).Skip(skip).ToArray();
                if (renamed.Length >= count || DateTime.UtcNow > deadline)
                {
                    Assert.Equal(count, renamed.Length);
                    return renamed;
                }
                await Task.Delay(50);
            }
        }
    }
}
