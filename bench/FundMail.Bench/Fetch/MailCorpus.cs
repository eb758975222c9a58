using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FundMail.TestServers.Dovecot;
using FundMail.TestServers.Mail;

namespace FundMail.Bench.Fetch
{
    /// <summary>
    /// The mailbox the fetch benchmark reads, shaped like the sample (2,000 mails ≈ 379 MB): every tenth mail
    /// carries one 0.2–2 MB attachment, the rest are text mails of 2–60 KB. Same seed, same bytes.
    /// </summary>
    internal static class MailCorpus
    {
        private const int ChunkBytes = 32 * 1000 * 1000;

        public sealed record Delivered(int Mails, int WithAttachments, long Bytes);

        /// <summary>Generates and appends the mails in chunks, so neither the bench nor doveadm holds the whole corpus.</summary>
        public static async Task<Delivered> DeliverAsync(DovecotMailbox mailbox, int count, int seed)
        {
            var chunk = new List<byte[]>();
            long chunkBytes = 0, total = 0;
            var withAttachments = 0;
            for (var index = 0; index < count; index++)
            {
                var mail = Generate(seed, index, out var hasAttachment);
                withAttachments += hasAttachment ? 1 : 0;
                chunk.Add(mail);
                chunkBytes += mail.Length;
                total += mail.Length;
                if (chunkBytes >= ChunkBytes || index == count - 1)
                {
                    var uids = await mailbox.AppendAsync(chunk);
                    if (uids.Count != chunk.Count)
                        throw new InvalidOperationException("Dovecot stored " + uids.Count + " of " + chunk.Count + " mails");
                    chunk.Clear();
                    chunkBytes = 0;
                }
            }
            var status = await mailbox.GetStatusAsync();
            if (status.Messages != count)
                throw new InvalidOperationException("INBOX holds " + status.Messages + " mails, expected " + count);
            return new Delivered(count, withAttachments, total);
        }

        private static byte[] Generate(int seed, int index, out bool hasAttachment)
        {
            var random = new Random(unchecked(seed * 31 + index));
            hasAttachment = index % 10 == 9;
            var attachments = hasAttachment ? new long[] { random.Next(200_000, 2_000_001) } : Array.Empty<long>();
            var body = hasAttachment ? 2_000 : random.Next(2_000, 60_001);
            using var buffer = new MemoryStream();
            SampleMail.Write(buffer, seed, index, attachments, body);
            return buffer.ToArray();
        }
    }
}
