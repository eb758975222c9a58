using System;

namespace FundMail.Cycle
{
    /// <summary>
    /// How many UIDs the next batch fetches: at most the mail cap, and no more than the byte cap holds at the average
    /// size of the mail fetched so far this run. Sizes are only known once fetched (asking first would cost a round trip
    /// per batch), so the first batch of a run is sized by count alone and later ones follow the mail as it comes.
    /// </summary>
    internal sealed class BatchSizer
    {
        private readonly int _maxMails;
        private readonly long _maxBytes;
        private long _bytes;
        private long _mails;

        public BatchSizer(int maxMails, long maxBytes)
        {
            _maxMails = maxMails;
            _maxBytes = maxBytes;
        }

        /// <summary>Called from the IMAP reader for each message received.</summary>
        public void Fetched(long bytes)
        {
            _bytes += bytes;
            _mails++;
        }

        public int NextCount()
        {
            if (_mails == 0 || _bytes == 0)
                return _maxMails;
            var average = Math.Max(1, _bytes / _mails);
            return (int)Math.Max(1, Math.Min(_maxMails, _maxBytes / average));
        }
    }
}
