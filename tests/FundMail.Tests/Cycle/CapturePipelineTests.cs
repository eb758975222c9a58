using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Cycle;
using FundMail.Imap;
using FundMail.Mime;
using FundMail.TestServers.Mail;
using Xunit;

namespace FundMail.Tests.Cycle
{
    /// <summary>The stages behind the IMAP reader: order kept across threads, and a failing mail stops everything and is named.</summary>
    public class CapturePipelineTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("fundmail-pipeline-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public async Task Mails_reach_the_store_in_fetch_order()
        {
            var stored = new List<uint>();
            using var pipeline = new CapturePipeline(Parts, 7, mail =>
            {
                stored.Add(mail.Uid);
                return true;
            });
            foreach (var fetched in Spool(80))
                await pipeline.PostAsync(fetched, CancellationToken.None);
            await pipeline.CompleteAsync();

            Assert.Equal(Enumerable.Range(1, 80).Select(i => (uint)i), stored);
            Assert.True(pipeline.ParseSeconds > 0 && pipeline.StoreSeconds > 0);
        }

        [Fact]
        public async Task A_mail_that_cannot_be_read_stops_the_pipeline_is_named_and_leaves_no_scratch_files_behind()
        {
            var spooled = Spool(40);
            File.Delete(spooled[4].RawPath);
            var stored = new List<uint>();
            using var pipeline = new CapturePipeline(Parts, 7, mail =>
            {
                stored.Add(mail.Uid);
                File.Delete(mail.RawPath); // as the batch moves it away
                foreach (var attachment in mail.Attachments) File.Delete(attachment.ContentPath);
                return true;
            });
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                foreach (var fetched in spooled)
                    await pipeline.PostAsync(fetched, CancellationToken.None);
                await pipeline.CompleteAsync();
            });
            var error = await Assert.ThrowsAsync<MimeException>(() => pipeline.AbandonAsync());

            Assert.Contains(spooled[4].RawPath, error.Message);
            Assert.Equal(new uint[] { 1, 2, 3, 4 }, stored);
            Assert.Empty(Directory.GetFiles(_dir, "*.eml"));
            Assert.Empty(Directory.Exists(Parts) ? Directory.GetFiles(Parts) : Array.Empty<string>());
        }

        private string Parts => Path.Combine(_dir, "parts");

        private List<FetchedMessage> Spool(int count)
        {
            var list = new List<FetchedMessage>();
            for (var i = 0; i < count; i++)
            {
                var path = Path.Combine(_dir, "fetch-" + i + ".eml");
                using (var file = File.Create(path))
                    SampleMail.Write(file, 3, i, i % 4 == 3 ? new long[] { 300_000 } : Array.Empty<long>(), 2_000);
                list.Add(new FetchedMessage((uint)i + 1, DateTimeOffset.Now, new FileInfo(path).Length, path, new FileInfo(path).Length));
            }
            return list;
        }
    }
}
