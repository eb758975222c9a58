using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FundMail.TestServers.Dovecot;
using FundMail.TestServers.Mail;

namespace FundMail.Tests.Chaos
{
    /// <summary>What the server must end up holding for one delivered mail.</summary>
    public sealed record ExpectedMail(string MessageId, string RawSha256, long RawSize, SampleAttachment[] Attachments)
    {
        /// <summary>A mail's identity: mails sharing a Message-ID are one mail only when their bytes are identical.</summary>
        public string Key => KeyOf(MessageId, RawSha256);

        public static string KeyOf(string messageId, string rawSha256) => messageId + " " + rawSha256;
    }

    /// <summary>
    /// Makes deterministic sample mail (some with 10–300 KB attachments) and delivers it into Dovecot. A mail counts as
    /// delivered only once Dovecot gave it a UID; mail that cannot be delivered (IMAP outage) waits and goes next time.
    /// Some mails share a Message-ID with an earlier one: a byte-identical copy (the server must hold it once) or a copy
    /// with one more header line (different content: the server must hold each). Some are expunged right after delivery.
    /// </summary>
    public sealed class ChaosMail
    {
        private readonly int _seed;
        private readonly Random _random;
        private readonly DovecotMailbox _mailbox;
        private readonly List<(byte[] bytes, ExpectedMail expected)> _waiting = new List<(byte[], ExpectedMail)>();
        private readonly Dictionary<string, ExpectedMail> _delivered = new Dictionary<string, ExpectedMail>(StringComparer.Ordinal);
        private readonly HashSet<string> _expunged = new HashSet<string>(StringComparer.Ordinal);
        // Index and attachment sizes of every ordinary mail made, so a copy can be made again without keeping its bytes.
        private readonly List<(int index, long[] sizes)> _made = new List<(int, long[])>();
        private readonly bool _copies;
        private int _next;
        private int _resent;

        /// <summary>Held while mail is appended, so an outage never stops Dovecot in the middle of a delivery.</summary>
        public SemaphoreSlim Gate { get; } = new SemaphoreSlim(1, 1);

        /// <param name="copies">Whether some mails repeat an earlier one's Message-ID (off where a test counts what each run stores).</param>
        public ChaosMail(int seed, DovecotMailbox mailbox, bool copies = true)
        {
            _copies = copies;
            _seed = seed;
            _random = new Random(seed);
            _mailbox = mailbox;
        }

        /// <summary>Every distinct mail Dovecot took, by <see cref="ExpectedMail.Key"/>.</summary>
        public IReadOnlyDictionary<string, ExpectedMail> Delivered => _delivered;

        /// <summary>Keys of mails expunged right after delivery: each may be on the server or not, never twice.</summary>
        public IReadOnlyCollection<string> Expunged => _expunged;

        public int IdenticalCopiesDelivered { get; private set; }
        public int SharedIdsDelivered => _delivered.Values.GroupBy(m => m.MessageId).Count(g => g.Count() > 1);
        public int AttachmentsDelivered => _delivered.Values.Sum(m => m.Attachments.Length);
        public int Waiting => _waiting.Count;
        public int DeliveryFailures { get; private set; }

        /// <summary>
        /// Makes <paramref name="count"/> new mails: about a third carry one or two attachments of 10–300 KB; about one in
        /// twenty-five is a byte-identical copy of an earlier mail, as many again a resent one (same Message-ID, one more header).
        /// </summary>
        public void Make(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var kind = _made.Count == 0 || !_copies ? 1.0 : _random.NextDouble();
                if (kind < 0.08)
                {
                    var (index, sizes) = _made[_random.Next(_made.Count)];
                    _waiting.Add(kind < 0.04 ? Create(index, sizes) : Resend(Create(index, sizes)));
                    continue;
                }
                var fresh = NewSizes();
                _made.Add((_next, fresh));
                _waiting.Add(Create(_next++, fresh));
            }
        }

        /// <summary>
        /// Delivers one new mail that <see cref="ExpungeAsync"/> removes again while a cycle runs: it may be captured or
        /// not, never twice.
        /// </summary>
        /// <returns>Its UID, or null when Dovecot refused the delivery.</returns>
        public async Task<uint?> DeliverDoomedAsync()
        {
            var (bytes, expected) = Create(_next++, NewSizes());
            await Gate.WaitAsync();
            try
            {
                var uid = await _mailbox.AppendAsync(bytes);
                _delivered.Add(expected.Key, expected);
                _expunged.Add(expected.Key);
                return uid;
            }
            catch (Exception e) when (e is InvalidOperationException || e is IOException)
            {
                DeliveryFailures++;
                return null;
            }
            finally
            {
                Gate.Release();
            }
        }

        public Task ExpungeAsync(uint uid) => _mailbox.ExpungeAsync(uid);

        private long[] NewSizes() =>
            _random.NextDouble() < 0.35
                ? Enumerable.Range(0, _random.Next(1, 3)).Select(_ => (long)_random.Next(10_000, 300_001)).ToArray()
                : Array.Empty<long>();

        private (byte[] bytes, ExpectedMail expected) Create(int index, long[] sizes)
        {
            using var buffer = new MemoryStream();
            var info = SampleMail.Write(buffer, _seed, index, sizes);
            var bytes = buffer.ToArray();
            return (bytes, new ExpectedMail(Normalize(info.MessageId), Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, info.Attachments));
        }

        /// <summary>The same mail sent again: one more header line in front, so the same Message-ID with other bytes.</summary>
        private (byte[] bytes, ExpectedMail expected) Resend((byte[] bytes, ExpectedMail expected) original)
        {
            var bytes = Encoding.ASCII.GetBytes("X-Chaos-Resent: " + ++_resent + "\r\n").Concat(original.bytes).ToArray();
            return (bytes, original.expected with { RawSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), RawSize = bytes.Length });
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
                {
                    if (!_delivered.TryAdd(expected.Key, expected))
                        IdenticalCopiesDelivered++;
                }
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
