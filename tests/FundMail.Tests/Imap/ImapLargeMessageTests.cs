using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Imap;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Imap
{
    /// <summary>Memory is measured process-wide, so this collection runs alone.</summary>
    [CollectionDefinition("ImapMemory", DisableParallelization = true)]
    public sealed class ImapMemoryCollection
    {
    }

    /// <summary>
    /// A 50 MB message passes from Dovecot to a spool file while the client's managed memory stays flat. MailKit's own
    /// message streams would hold it whole (54 MB of growth measured with them): this guards the spool-file override.
    /// </summary>
    [Collection("ImapMemory")]
    public class ImapLargeMessageTests : IClassFixture<DovecotFixture>, IDisposable
    {
        private const long MessageSize = 50L * 1024 * 1024;
        private readonly DovecotFixture _fixture;
        private readonly ImapTestSupport _support;
        private readonly ITestOutputHelper _output;
        private readonly string _work = Directory.CreateTempSubdirectory("fundmail-large-").FullName;

        public ImapLargeMessageTests(DovecotFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
            _support = new ImapTestSupport(fixture);
        }

        [Fact]
        public async Task Fifty_megabyte_message_is_spooled_without_growing_managed_memory()
        {
            var source = TestMessages.LargeFile(_work, "large-50mb", MessageSize);
            var uid = await _fixture.Server.Mailbox.AppendFileAsync(source);
            var spool = Directory.CreateDirectory(Path.Combine(_work, "spool")).FullName;
            using var client = await _support.ConnectAsync();
            await client.ExamineAsync("INBOX", ImapTestSupport.Timeout);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var baseline = GC.GetTotalMemory(true);
            long peak = baseline;
            using var stop = new CancellationTokenSource();
            var sampler = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false));
                    Thread.Sleep(2);
                }
            }) { IsBackground = true };
            sampler.Start();
            FetchedMessage? fetched = null;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var result = await client.FetchAsync(new[] { uid }, spool, m => { fetched = m; return Task.CompletedTask; }, ImapTestSupport.Timeout);
            stop.Cancel();
            sampler.Join();

            var growth = peak - baseline;
            _output.WriteLine("message " + new FileInfo(source).Length + " bytes fetched in " + watch.ElapsedMilliseconds + " ms, managed memory growth at peak " + growth / 1024 + " KB");
            Assert.Equal(1, result.Delivered);
            Assert.NotNull(fetched);
            Assert.Equal(new FileInfo(source).Length, fetched!.RawLength);
            Assert.Equal(Hash(source), Hash(fetched.RawPath));
            Assert.True(growth < 8L * 1024 * 1024, "managed memory grew by " + growth + " bytes while fetching a " + MessageSize + "-byte message");
        }

        public void Dispose() => Directory.Delete(_work, recursive: true);

        private static string Hash(string path)
        {
            using var file = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(file));
        }
    }
}
