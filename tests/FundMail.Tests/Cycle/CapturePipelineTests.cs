using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Cycle;
using FundMail.Imap;
using FundMail.Mime;
using FundMail.Store;
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
            using var pipeline = new CapturePipeline(Parts, 7, Task.CompletedTask, mail =>
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
        public async Task A_mail_whose_raw_file_is_gone_is_left_for_the_next_run_and_the_others_are_stored()
        {
            var spooled = Spool(40);
            File.Delete(spooled[4].RawPath);
            var stored = new List<uint>();
            using var pipeline = new CapturePipeline(Parts, 7, Task.CompletedTask, mail =>
            {
                stored.Add(mail.Uid);
                File.Delete(mail.RawPath); // as the batch moves it away
                foreach (var attachment in mail.Attachments) File.Delete(attachment.ContentPath);
                return true;
            });
            foreach (var fetched in spooled)
                await pipeline.PostAsync(fetched, CancellationToken.None);
            await pipeline.CompleteAsync();

            Assert.Equal(Enumerable.Range(1, 40).Select(i => (uint)i).Where(uid => uid != 5), stored);
            Assert.Equal(new uint[] { 5 }, pipeline.Unstored);
            Assert.Contains(pipeline.Problems, p => p.StartsWith("UID 5 could not be stored") && p.Contains("next run"));
            Assert.Empty(Directory.GetFiles(_dir, "*.eml"));
            Assert.Empty(Directory.GetFiles(Parts));
        }

        [Fact]
        public async Task An_attachment_file_removed_once_before_it_is_stored_is_written_again_by_a_second_parse()
        {
            var (stored, pipeline) = await StoreWithAttachmentRemovedAsync(uid: 4, times: 1);

            Assert.Equal(Enumerable.Range(1, 12).Select(i => (uint)i), stored.Select(m => m.Uid));
            var mail = stored.Single(m => m.Uid == 4);
            Assert.Empty(mail.Defects);
            Assert.True(File.Exists(Assert.Single(mail.Attachments).ContentPath));
            Assert.Empty(pipeline.Problems);
            Assert.Empty(pipeline.Unstored);
        }

        [Fact]
        public async Task An_attachment_file_removed_every_time_leaves_its_mail_stored_raw_and_flagged_and_the_others_stored()
        {
            var (stored, pipeline) = await StoreWithAttachmentRemovedAsync(uid: 4, times: int.MaxValue);

            Assert.Equal(Enumerable.Range(1, 12).Select(i => (uint)i), stored.Select(m => m.Uid));
            var mail = stored.Single(m => m.Uid == 4);
            Assert.Empty(mail.Attachments);
            Assert.StartsWith("attachments not stored (", Assert.Single(mail.Defects));
            Assert.True(File.Exists(mail.RawPath));
            Assert.EndsWith(" #3", mail.Subject); // what was parsed is kept
            Assert.Contains(pipeline.Problems, p => p.StartsWith("UID 4 could not be stored in full"));
            Assert.Empty(pipeline.Unstored);
            Assert.All(stored.Where(m => m.Uid % 4 == 0 && m.Uid != 4), m => Assert.True(File.Exists(Assert.Single(m.Attachments).ContentPath)));
            Assert.Empty(Directory.GetFiles(Path.Combine(Base.SpoolDir, "parts")));
        }

        /// <summary>
        /// Captures 12 spooled mails into a real batch (every 4th with an attachment) while the attachment file of one mail is
        /// removed just before it is stored, as a virus scanner would; returns the mails read back from the committed DB.
        /// </summary>
        private async Task<(List<MailMessage>, CapturePipeline)> StoreWithAttachmentRemovedAsync(uint uid, int times)
        {
            var removed = 0;
            using var batch = StoreBatch.Begin(Base, DateTimeOffset.Now);
            // Parts under the store's spool, as in a cycle: the batch moves them rather than copying.
            var pipeline = new CapturePipeline(Path.Combine(Base.SpoolDir, "parts"), 7, Task.CompletedTask, mail =>
            {
                if (mail.Uid == uid && removed++ < times)
                    foreach (var attachment in mail.Attachments) File.Delete(attachment.ContentPath);
                return batch.Add(mail, DateTimeOffset.Now);
            });
            foreach (var fetched in Spool(12))
                await pipeline.PostAsync(fetched, CancellationToken.None);
            await pipeline.CompleteAsync();
            pipeline.Dispose();
            var committed = batch.Commit();
            batch.Complete();
            return (MailDbReader.Read(committed.DbPath).ToList(), pipeline);
        }

        private StoreLayout Base => new StoreLayout(Path.Combine(_dir, "base"));

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
