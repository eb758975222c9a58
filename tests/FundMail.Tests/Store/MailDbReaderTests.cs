using System;
using System.IO;
using System.Linq;
using FundMail.Mime;
using FundMail.Store;
using FundMail.Tests.Mime;
using Xunit;

namespace FundMail.Tests.Store
{
    public sealed class MailDbReaderTests : IDisposable
    {
        private readonly string _base = Directory.CreateTempSubdirectory("fm-dbread-").FullName;
        private readonly TempParse _parse = new TempParse();

        public void Dispose()
        {
            _parse.Dispose();
            Directory.Delete(_base, true);
        }

        [Fact]
        public void Every_corpus_mail_reads_back_with_the_fields_it_was_stored_with()
        {
            var corpus = CorpusLocator.Find();
            var received = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
            uint uid = 0;
            var mails = Directory.GetFiles(corpus, "*.eml").OrderBy(f => f, StringComparer.Ordinal).Select(f =>
            {
                var mail = _parse.ParseFile(f);
                mail.Uid = ++uid;
                mail.UidValidity = 9;
                mail.ReceivedTime = received.AddMinutes(uid);
                return mail;
            }).ToList();
            var expected = mails.Select(m => new
            {
                m.EmailId, m.Subject, From = m.From?.ToString(), To = string.Join("|", m.To), Cc = string.Join("|", m.Cc),
                m.SentTime, m.ReceivedTime, m.BodyText, m.BodyHtml, m.RawSha256, m.RawSize, Defects = string.Join("|", m.Defects),
                Attachments = string.Join("|", m.Attachments.Select(a => a.FileName + "/" + a.Size + "/" + a.Sha256 + "/" + a.IsInline + "/" + a.ContentId)),
            }).ToList();

            StoredBatch batch;
            using (var writer = StoreBatch.Begin(new StoreLayout(_base), DateTimeOffset.Now))
            {
                foreach (var mail in mails)
                    writer.Add(mail, DateTimeOffset.Now);
                batch = writer.Commit();
                writer.Complete();
            }
            var read = MailDbReader.Read(batch.DbPath).ToList();

            Assert.Equal(mails.Count, read.Count);
            for (var i = 0; i < read.Count; i++)
            {
                var m = read[i];
                var actual = new
                {
                    m.EmailId, m.Subject, From = m.From?.ToString(), To = string.Join("|", m.To), Cc = string.Join("|", m.Cc),
                    m.SentTime, m.ReceivedTime, m.BodyText, m.BodyHtml, m.RawSha256, m.RawSize, Defects = string.Join("|", m.Defects),
                    Attachments = string.Join("|", m.Attachments.Select(a => a.FileName + "/" + a.Size + "/" + a.Sha256 + "/" + a.IsInline + "/" + a.ContentId)),
                };
                Assert.Equal(expected[i], actual);
                Assert.True(File.Exists(m.RawPath), m.RawPath);
                Assert.All(m.Attachments, a => Assert.Equal(a.Size, new FileInfo(a.ContentPath).Length));
            }
        }

        [Fact]
        public void A_file_that_is_not_a_fundmail_db_is_named_in_the_error()
        {
            var path = Path.Combine(_base, "fm_bogus.db");
            File.WriteAllText(path, "not sqlite at all, just text that is long enough to look like a header block.....");
            var error = Assert.ThrowsAny<Exception>(() => MailDbReader.Read(path).ToList());
            Assert.Contains(path, error.Message);
        }
    }
}
