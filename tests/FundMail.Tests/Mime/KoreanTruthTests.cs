using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace FundMail.Tests.Mime
{
    /// <summary>The generated Korean messages against what their generator meant (korean_truth.json), not against Python.</summary>
    public sealed class KoreanTruthTests
    {
        [Fact]
        public void Korean_messages_decode_to_the_intended_text()
        {
            var corpus = CorpusLocator.Find();
            using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus, "korean_truth.json")));
            using var temp = new TempParse();
            var checkedCount = 0;
            foreach (var want in truth.RootElement.EnumerateArray())
            {
                var file = CorpusComparer.Str(want, "file")!;
                var mail = temp.ParseFile(Path.Combine(corpus, file));
                Assert.True(CorpusComparer.Str(want, "subject") == mail.Subject, $"{file} subject: {mail.Subject}");
                Assert.True(CorpusComparer.Str(want, "from_name") == mail.From?.Name, $"{file} from name: {mail.From?.Name}");
                Assert.Equal(CorpusComparer.Str(want, "from_address"), mail.From?.Address);
                var body = CorpusComparer.Str(want, "text_body");
                if (CorpusComparer.Str(want, "text_body_kind") != null)
                    Assert.True(CorpusComparer.Words(body) == CorpusComparer.Words(mail.BodyText), $"{file} body: {mail.BodyText}");
                else Assert.True(body == mail.BodyText, $"{file} body: {mail.BodyText}");

                var attachments = want.GetProperty("attachments").EnumerateArray().ToList();
                Assert.Equal(attachments.Count, mail.Attachments.Count);
                for (var i = 0; i < attachments.Count; i++)
                {
                    var a = attachments[i];
                    var got = mail.Attachments[i];
                    Assert.Equal(CorpusComparer.Str(a, "filename"), got.FileName);
                    Assert.Equal(CorpusComparer.Str(a, "content_type"), got.ContentType);
                    Assert.Equal(a.GetProperty("inline").GetBoolean(), got.IsInline);
                    if (a.TryGetProperty("embedded", out var embedded)) CheckEmbedded(file, embedded, got.Embedded);
                    if (got.ContentType.StartsWith("message/")) continue; // sizes there are of the generator's serialisation
                    Assert.Equal(a.GetProperty("size").GetInt64(), got.Size);
                    Assert.Equal(CorpusComparer.Str(a, "sha256"), got.Sha256);
                    Assert.Equal(got.Size, new FileInfo(got.ContentPath).Length);
                }
                checkedCount++;
            }
            Assert.Equal(10, checkedCount);
        }

        [Fact]
        public void Hostile_file_names_never_steer_where_bytes_are_written()
        {
            using var temp = new TempParse();
            var mail = temp.ParseFile(Path.Combine(CorpusLocator.Find(), "korean__k06_path_tricks_rfc2231.eml"));
            Assert.Contains(mail.Attachments, a => a.FileName == "../../evil.txt");
            Assert.Contains(mail.Attachments, a => a.FileName == "C:\\temp\\x.txt");
            var directory = Path.GetFullPath(temp.Options.AttachmentDirectory) + Path.DirectorySeparatorChar;
            foreach (var a in mail.Attachments)
            {
                Assert.StartsWith(directory, Path.GetFullPath(a.ContentPath));
                Assert.EndsWith(".part", a.ContentPath); // named by the parser, never by the sender
            }
            Assert.Equal(mail.Attachments.Count, temp.PartFileCount);
        }

        private static void CheckEmbedded(string file, JsonElement want, FundMail.Mime.MailMessage? got)
        {
            Assert.True(got != null, $"{file}: attached message not read");
            Assert.Equal(CorpusComparer.Str(want, "subject"), got!.Subject);
            Assert.Equal(CorpusComparer.Str(want, "from_name"), got.From?.Name);
            Assert.Equal(CorpusComparer.Str(want, "text_body"), got.BodyText);
            var attachments = want.GetProperty("attachments").EnumerateArray().ToList();
            Assert.Equal(attachments.Count, got.Attachments.Count);
            for (var i = 0; i < attachments.Count; i++)
            {
                Assert.Equal(CorpusComparer.Str(attachments[i], "filename"), got.Attachments[i].FileName);
                Assert.Equal(attachments[i].GetProperty("size").GetInt64(), got.Attachments[i].Size);
                Assert.Equal(CorpusComparer.Str(attachments[i], "sha256"), got.Attachments[i].Sha256);
                Assert.Equal("", got.Attachments[i].ContentPath); // described only: the bytes stay in the .eml
            }
        }
    }
}
