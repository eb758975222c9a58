using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Auth;
using FundMail.Config;
using FundMail.Logging;
using FundMail.Mailbox;
using FundMail.Mime;
using FundMail.Tests.Mime;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.EndToEnd
{
    /// <summary>
    /// Every corpus message delivered into the real Dovecot comes back through the mailbox reader behind Get-FundMail
    /// with the same fields as parsing the file directly.
    /// </summary>
    public sealed class CorpusThroughImapTests : IClassFixture<LocalServersFixture>
    {
        private readonly LocalServersFixture _servers;
        private readonly ITestOutputHelper _output;

        public CorpusThroughImapTests(LocalServersFixture servers, ITestOutputHelper output)
        {
            _servers = servers;
            _output = output;
        }

        [Fact]
        public async Task Corpus_mail_read_from_the_mailbox_matches_the_files_parsed_directly()
        {
            var corpus = CorpusLocator.Find();
            var files = Directory.GetFiles(corpus, "*.eml").OrderBy(f => f, StringComparer.Ordinal).ToList();
            await _servers.Servers.Dovecot.Mailbox.RecreateAsync();
            var uids = new Dictionary<uint, string>();
            foreach (var file in files)
                uids[await _servers.Servers.Dovecot.Mailbox.AppendFileAsync(file)] = file;

            var settings = MailboxSettings.Read(ConfigSource.Load(await _servers.EnvFileAsync()));
            using var tokens = new MsalTokenProvider(settings.App!);
            using var reader = await MailReader.OpenAsync(settings.Imap, tokens, NullLog.Instance, CancellationToken.None);
            var fetched = new List<MailMessage>();
            await reader.FetchAsync(await reader.FindAsync(MailQuery.LastMessages(files.Count), CancellationToken.None), mail =>
            {
                fetched.Add(mail);
                return Task.CompletedTask;
            }, CancellationToken.None);
            Assert.Equal(files.Count, fetched.Count);

            using var parse = new TempParse();
            var differences = new List<string>();
            foreach (var mail in fetched)
            {
                var file = uids[mail.Uid];
                var direct = parse.ParseFile(file);
                var name = Path.GetFileName(file);
                Compare(differences, name, "subject", direct.Subject, mail.Subject);
                Compare(differences, name, "from", direct.From?.ToString(), mail.From?.ToString());
                Compare(differences, name, "to", string.Join(", ", direct.To), string.Join(", ", mail.To));
                Compare(differences, name, "cc", string.Join(", ", direct.Cc), string.Join(", ", mail.Cc));
                Compare(differences, name, "date", direct.SentTime?.ToString("o"), mail.SentTime?.ToString("o"));
                Compare(differences, name, "message id", direct.MessageId, mail.MessageId);
                Compare(differences, name, "body", Normal(direct.BodyText), Normal(mail.BodyText));
                Compare(differences, name, "attachments", Attachments(direct), Attachments(mail));
                Assert.NotNull(mail.ReceivedTime);
            }
            foreach (var difference in differences)
                _output.WriteLine(difference);
            _output.WriteLine((files.Count * 8 - differences.Count) + "/" + (files.Count * 8) + " fields agree");

            Assert.Empty(differences);
        }

        private static void Compare(List<string> differences, string file, string field, string? expected, string? actual)
        {
            if (!string.Equals(expected, actual, StringComparison.Ordinal))
                differences.Add(file + ": " + field);
        }

        private static string? Normal(string? text) => text?.Replace("\r\n", "\n").TrimEnd();

        // Delivery may change line ends, never content: Dovecot serves CRLF where a corpus file has bare LF, so attached
        // messages and 7bit text parts come back with CRLF. Contents are compared with line ends made equal.
        private static string Attachments(MailMessage mail) =>
            string.Join("|", mail.Attachments.Select(a => a.FileName + "/" + a.ContentType + "/" + ContentWithLf(a.ContentPath)));

        private static string ContentWithLf(string path)
        {
            if (path.Length == 0)
                return "(inside an attached message)";
            var bytes = File.ReadAllBytes(path);
            var lf = new List<byte>(bytes.Length);
            for (var i = 0; i < bytes.Length; i++)
                if (!(bytes[i] == '\r' && i + 1 < bytes.Length && bytes[i + 1] == '\n'))
                    lf.Add(bytes[i]);
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(lf.ToArray()));
        }
    }
}
