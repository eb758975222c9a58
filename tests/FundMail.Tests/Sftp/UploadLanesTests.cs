using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.TestServers.Sshd;
using Xunit;

namespace FundMail.Tests.Sftp
{
    /// <summary>
    /// A batch's files are spread over two sftp sessions (two server processes) on one connection; a server that refuses
    /// the second channel gets the whole batch on one. Either way every file lands whole, and the DB last.
    /// </summary>
    public sealed class UploadLanesTests : IDisposable
    {
        // More files than the uploader keeps in flight: the first ones all start on the main lane before the sibling is
        // open, the later ones go where fewer bytes are in flight.
        private const int Files = 150;
        private readonly string _local = Directory.CreateTempSubdirectory("fm-lanes-").FullName;

        public void Dispose() => Directory.Delete(_local, true);

        [Fact]
        public async Task A_batch_is_spread_over_two_server_processes_and_lands_whole_with_the_db_last()
        {
            await using var server = await SshdServer.StartAsync();
            var requests = Batch();
            var lastRenamed = "";
            using var session = new HookedSession(await Connect(server));
            session.BeforeRename = (temp, target) => lastRenamed = target;

            var results = await new SftpUploader(session).UploadManyAsync(requests, SftpTestFiles.Timeout());

            var sibling = Assert.IsType<HookedSession>(session.Sibling);
            Assert.True(sibling.Opens > 0, "no file went to the second session");
            Assert.True(session.Opens > 0, "no file went to the main session");
            Assert.Equal(requests.Count, session.Opens + sibling.Opens); // each file opened once, on one lane
            Assert.Equal(requests.Count, session.Fsyncs + sibling.Fsyncs);
            Assert.Equal(requests[^1].RemotePath, lastRenamed);
            AssertLanded(server, requests, results);
        }

        [Fact]
        public async Task A_server_that_refuses_a_second_channel_gets_the_whole_batch_on_one_session()
        {
            var options = new SshdOptions();
            options.ExtraLines.Add("MaxSessions 1");
            await using var server = await SshdServer.StartAsync(options);
            var requests = Batch();
            using var session = new HookedSession(await Connect(server));

            var results = await new SftpUploader(session).UploadManyAsync(requests, SftpTestFiles.Timeout());

            Assert.Equal(1, session.SiblingRequests);
            Assert.Null(session.Sibling);
            Assert.Equal(requests.Count, session.Opens);
            AssertLanded(server, requests, results);
        }

        private List<UploadRequest> Batch()
        {
            var requests = Enumerable.Range(0, Files)
                .Select(i => new UploadRequest(SftpTestFiles.Create(20_000 + i * 3_001, i, _local), "lanes/2026_11_22/m" + i + ".eml"))
                .ToList();
            requests.Add(new UploadRequest(SftpTestFiles.Create(300_000, 999, _local), "lanes/fm_2026_11_22_1200.db"));
            return requests;
        }

        private static void AssertLanded(SshdServer server, IReadOnlyList<UploadRequest> requests, IReadOnlyList<UploadedFile> results)
        {
            Assert.Equal(requests.Count, results.Count);
            for (var i = 0; i < requests.Count; i++)
            {
                var hash = SftpTestFiles.Sha256(requests[i].LocalPath);
                Assert.Equal(hash, results[i].Sha256);
                Assert.Equal(hash, SftpTestFiles.Sha256(Path.Combine(server.UploadRoot, requests[i].RemotePath)));
            }
            Assert.Empty(Directory.GetFiles(Path.Combine(server.UploadRoot, "lanes"), "*.tmp", SearchOption.AllDirectories));
        }

        private static async Task<ISftpSession> Connect(SshdServer server) =>
            await SftpClient.ConnectAsync(SftpTestFiles.Options(server, await server.FingerprintAsync("ed25519")), SftpTestFiles.Timeout());
    }
}
