using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using FundMail.TestServers.Dovecot;
using FundMail.TestServers.Mail;

namespace FundMail.Tests.Chaos
{
    /// <summary>What the server must end up holding for one delivered mail.</summary>
    public sealed record ExpectedMail(string MessageId, string RawSha256, long RawSize, SampleAttachment[] Attachments);

    /// <summary>
    /// Makes deterministic sample mail (some with 10–300 KB attachments) and delivers it into Dovecot. A mail counts as
    /// delivered only once Dovecot gave it a UID; mail that cannot be delivered (IMAP outage) waits and goes next time.
    /// </summary>
    public sealed class ChaosMail
    {
        private readonly int _seed;
        private readonly Random _random;
        private readonly DovecotMailbox _mailbox;
        private readonly List<(byte[] bytes, ExpectedMail expected)> _waiting = new List<(byte[], ExpectedMail)>();
        private readonly Dictionary<string, ExpectedMail> _delivered = new Dictionary<string, ExpectedMail>(StringComparer.Ordinal);
        private int _next;

        /// <summary>Held while mail is appended, so an outage never stops Dovecot in the middle of a delivery.</summary>
        public SemaphoreSlim Gate { get; } = new SemaphoreSlim(1, 1);

        public ChaosMail(int seed, DovecotMailbox mailbox)
        {
            _seed = seed;
            _random = new Random(seed);
            _mailbox = mailbox;
        }

        public IReadOnlyDictionary<string, ExpectedMail> Delivered => _delivered;
        public int AttachmentsDelivered => _delivered.Values.Sum(m => m.Attachments.Length);
        public int Waiting => _waiting.Count;
        public int DeliveryFailures { get; private set; }

        /// <summary>Makes <paramref name="count"/> new mails: about a third carry one or two attachments of 10–300 KB.</summary>
        public void Make(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var index = _next++;
                var sizes = _random.NextDouble() < 0.35
                    ? Enumerable.Range(0, _random.Next(1, 3)).Select(_ => (long)_random.Next(10_000, 300_001)).ToArray()
                    : Array.Empty<long>();
                using var buffer = new MemoryStream();
                var info = SampleMail.Write(buffer, _seed, index, sizes);
                var bytes = buffer.ToArray();
                _waiting.Add((bytes, new ExpectedMail(Normalize(info.MessageId), Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, info.Attachments)));
            }
        }

        /// <summary>Delivers every waiting mail in one pipelined session; on failure they stay waiting.</summary>
        /// <returns>How many were delivered.</returns>
        public async Task<int> DeliverAsync()
        {
            await Gate.WaitAsync();
            try
            {
                if (_waiting.Count == 0)
                    return 0;
                try
                {
                    await _mailbox.AppendAsync(_waiting.Select(w => w.bytes).ToList());
                }
                catch (Exception e) when (e is InvalidOperationException || e is IOException)
                {
                    // Dovecot is down: the mail waits for it (a real MTA queues it the same way).
                    DeliveryFailures++;
                    return 0;
                }
                foreach (var (_, expected) in _waiting)
                    _delivered.Add(expected.MessageId, expected);
                var count = _waiting.Count;
                _waiting.Clear();
                return count;
            }
            finally
            {
                Gate.Release();
            }
        }

        public static string Normalize(string? messageId) => (messageId ?? "").Trim().TrimStart('<').TrimEnd('>');
    }
}
