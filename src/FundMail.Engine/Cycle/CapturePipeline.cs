using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Imap;
using FundMail.Mime;
using FundMail.Store;
using FundMail.Util;

namespace FundMail.Cycle
{
    /// <summary>
    /// The stages after the IMAP reader, each on its own thread and each in fetch order: one parses spooled messages,
    /// the next adds them to the batch (DB rows, files placed and flushing). Reader, parser and store thus overlap.
    /// The first failure anywhere stops everything; <see cref="AbandonAsync"/> then leaves no stage touching the batch
    /// and removes the scratch files of the mails that never reached it.
    /// </summary>
    internal sealed class CapturePipeline : IDisposable
    {
        /// <summary>Fetched messages waiting to be parsed: spool files, so memory does not grow with them.</summary>
        private const int ParseQueue = 64;

        /// <summary>Parsed mails waiting to be stored: they hold their bodies as strings, so only a few wait.</summary>
        private const int StoreQueue = 4;

        private readonly MimeParser _parser = new MimeParser();
        private readonly MimeParseOptions _options;
        private readonly uint _uidValidity;
        private readonly Func<MailMessage, bool> _store;
        private readonly OrderedWorker<FetchedMessage> _parse;
        private readonly OrderedWorker<MailMessage> _storing;
        private readonly Stopwatch _parseTime = new Stopwatch();
        private readonly Stopwatch _storeTime = new Stopwatch();

        /// <param name="store">Adds one mail to the batch; false when it was not stored (already there), its files then go.</param>
        public CapturePipeline(string partsDirectory, uint uidValidity, Func<MailMessage, bool> store)
        {
            _options = new MimeParseOptions { AttachmentDirectory = partsDirectory };
            _uidValidity = uidValidity;
            _store = store;
            _storing = new OrderedWorker<MailMessage>(StoreQueue, Store);
            _parse = new OrderedWorker<FetchedMessage>(ParseQueue, Parse);
        }

        /// <summary>Seconds each stage was busy (parse excludes waiting for the store stage).</summary>
        public double ParseSeconds => (_parseTime.Elapsed - _storing.ProducerWaited).TotalSeconds;
        public double StoreSeconds => _storeTime.Elapsed.TotalSeconds;

        /// <summary>Time the reader waited because parsing was behind.</summary>
        public TimeSpan ReaderWaited => _parse.ProducerWaited;

        /// <summary>Hands a fetched message on; its spool file is deleted if the pipeline has failed.</summary>
        public async Task PostAsync(FetchedMessage fetched, CancellationToken ct)
        {
            try
            {
                await _parse.PostAsync(fetched, ct).ConfigureAwait(false);
            }
            catch
            {
                File.Delete(fetched.RawPath);
                throw;
            }
        }

        /// <summary>Waits until every posted mail is stored; throws the first failure of a stage.</summary>
        public async Task CompleteAsync()
        {
            await _parse.CompleteAsync().ConfigureAwait(false);
            await _storing.CompleteAsync().ConfigureAwait(false);
        }

        /// <summary>
        /// After a failure: stops both stages (returning once neither touches the batch), removes the scratch files of
        /// mails not stored, then throws the stage failure that started it, if there was one (the reader only sees its
        /// own callback fail, which the IMAP session reports as a broken fetch).
        /// </summary>
        public async Task AbandonAsync()
        {
            foreach (var fetched in await _parse.AbandonAsync().ConfigureAwait(false))
                File.Delete(fetched.RawPath);
            foreach (var mail in await _storing.AbandonAsync().ConfigureAwait(false))
                Discard(mail);
            _storing.ThrowIfFailed();
            _parse.ThrowIfFailed();
        }

        public void Dispose()
        {
            _parse.Dispose();
            _storing.Dispose();
        }

        /// <summary>Removes the files of a mail that is not stored (already stored earlier, or its batch failed).</summary>
        public static void Discard(MailMessage mail)
        {
            File.Delete(mail.RawPath);
            foreach (var attachment in mail.Attachments)
                File.Delete(attachment.ContentPath);
        }

        private void Parse(FetchedMessage fetched)
        {
            _parseTime.Start();
            try
            {
                var mail = _parser.Parse(fetched.RawPath, _options);
                mail.Uid = fetched.Uid;
                mail.UidValidity = _uidValidity;
                mail.ReceivedTime = fetched.InternalDate;
                try
                {
                    // The store stage's own thread: blocking here only holds the parser back when the store is behind.
                    _storing.PostAsync(mail, CancellationToken.None).GetAwaiter().GetResult();
                }
                catch
                {
                    Discard(mail);
                    throw;
                }
            }
            finally
            {
                _parseTime.Stop();
            }
        }

        private void Store(MailMessage mail)
        {
            _storeTime.Start();
            try
            {
                if (!_store(mail))
                    Discard(mail);
            }
            catch
            {
                Discard(mail); // the batch is undone; these are its scratch files (or placed ones the undo deletes anyway)
                throw;
            }
            finally
            {
                _storeTime.Stop();
            }
        }
    }
}
