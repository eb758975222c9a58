using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
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
    /// A mail that fails on its own is isolated: parsed again, else stored raw and flagged, else (its raw file gone) left
    /// for the next run; other mails go on. A failure that even the raw message meets (the disk, the store) stops
    /// everything; <see cref="AbandonAsync"/> then leaves no stage touching the batch and removes the scratch files of
    /// the mails that never reached it.
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
        private readonly Task _startAfter;
        private readonly Func<MailMessage, bool> _store;
        private readonly OrderedWorker<FetchedMessage> _parse;
        private readonly OrderedWorker<MailMessage> _storing;
        private readonly Stopwatch _parseTime = new Stopwatch();
        private readonly Stopwatch _storeTime = new Stopwatch();
        private readonly ConcurrentQueue<uint> _unstored = new ConcurrentQueue<uint>();
        private readonly ConcurrentQueue<string> _problems = new ConcurrentQueue<string>();

        /// <param name="startAfter">Posted mails wait, spooled, until this completes; failed or cancelled, the first of them fails the pipeline.</param>
        /// <param name="store">Adds one mail to the batch; false when it was not stored (already there), its files then go.</param>
        public CapturePipeline(string partsDirectory, uint uidValidity, Task startAfter, Func<MailMessage, bool> store)
        {
            _options = new MimeParseOptions { AttachmentDirectory = partsDirectory };
            _uidValidity = uidValidity;
            _startAfter = startAfter;
            _store = store;
            _storing = new OrderedWorker<MailMessage>(StoreQueue, Store);
            _parse = new OrderedWorker<FetchedMessage>(ParseQueue, Parse);
        }

        /// <summary>Seconds each stage was busy (parse excludes waiting for the store stage).</summary>
        public double ParseSeconds => (_parseTime.Elapsed - _storing.ProducerWaited).TotalSeconds;
        public double StoreSeconds => _storeTime.Elapsed.TotalSeconds;

        /// <summary>UIDs of mails whose raw file could not be read: nothing of them was stored, so they are fetched again.</summary>
        public IReadOnlyCollection<uint> Unstored => _unstored.ToArray();

        /// <summary>One line per mail that was stored raw, without its attachment files, or not at all.</summary>
        public IReadOnlyCollection<string> Problems => _problems.ToArray();

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
            try
            {
                _startAfter.GetAwaiter().GetResult();
            }
            catch
            {
                File.Delete(fetched.RawPath);
                throw;
            }
            _parseTime.Start();
            try
            {
                var mail = Read(fetched.RawPath, fetched.Uid, fetched.InternalDate);
                if (mail == null)
                    return;
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

        /// <summary>
        /// Parses a spooled message. A file error may pass (a scanner holding a part file), so it is parsed once more;
        /// failing again, the raw message is kept alone and flagged. Null when even the raw file cannot be read. A full
        /// disk fails the batch instead: the mail is fine, and is fetched again once there is space.
        /// </summary>
        private MailMessage? Read(string rawPath, uint uid, DateTimeOffset? received)
        {
            MailMessage mail;
            try
            {
                mail = ParseOnce(rawPath);
            }
            catch (MimeException first) when (!DiskFull.Caused(first))
            {
                try
                {
                    mail = ParseOnce(rawPath);
                }
                catch (MimeException e) when (!DiskFull.Caused(e))
                {
                    if (!TryRawOnly(rawPath, uid, e, out mail))
                        return null;
                    _problems.Enqueue("UID " + uid + " could not be parsed (" + e.Message + "): its raw message is stored alone, flagged in fund_mail.defects");
                }
            }
            mail.Uid = uid;
            mail.UidValidity = _uidValidity;
            mail.ReceivedTime = received;
            return mail;
        }

        private MailMessage ParseOnce(string rawPath) => _parser.Parse(rawPath, _options);

        private bool TryRawOnly(string rawPath, uint uid, Exception parseFailure, out MailMessage mail)
        {
            try
            {
                mail = RawOnly(rawPath, "not parsed: " + parseFailure.Message);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                NotStored(uid, e.Message);
                mail = null!;
                return false;
            }
        }

        /// <summary>A mail of its raw bytes alone: its email id is the hash of those bytes, as for a mail without Message-ID.</summary>
        private static MailMessage RawOnly(string rawPath, string defect)
        {
            using var file = File.OpenRead(rawPath);
            using var sha = SHA256.Create();
            var hash = Hex.Lower(sha.ComputeHash(file));
            return new MailMessage
            {
                RawPath = rawPath, RawSize = file.Length, RawSha256 = hash, EmailId = "<" + hash + "@fundmail>", Defects = { defect },
            };
        }

        private void Store(MailMessage mail)
        {
            _storeTime.Start();
            try
            {
                if (TryStore(mail, out var failure))
                    return;
                // The batch put the mail's files back. Parsed again, a part file a scanner removed is written anew ...
                DiscardParts(mail);
                var again = Read(mail.RawPath, mail.Uid, mail.ReceivedTime);
                if (again == null || TryStore(again, out failure))
                    return;
                // ... and failing again, the raw message is stored with what was parsed, without its parts.
                DiscardParts(again);
                again.Attachments = new List<MailAttachment>();
                again.Defects.Add("attachments not stored (" + failure.Message + "); they are in the raw message");
                try
                {
                    if (!_store(again))
                        Discard(again);
                    _problems.Enqueue("UID " + mail.Uid + " could not be stored in full (" + failure.Message +
                                      "): stored without its attachment files, flagged in fund_mail.defects");
                }
                catch (Exception e) when (!File.Exists(again.RawPath))
                {
                    NotStored(mail.Uid, e.Message);
                }
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

        /// <summary>Stores one mail; a failure leaves it out of the batch (its files back in scratch) and is returned.</summary>
        private bool TryStore(MailMessage mail, out Exception failure)
        {
            try
            {
                if (!_store(mail))
                    Discard(mail);
                failure = null!;
                return true;
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                failure = e;
                return false;
            }
        }

        private void NotStored(uint uid, string reason)
        {
            _unstored.Enqueue(uid);
            _problems.Enqueue("UID " + uid + " could not be stored (" + reason + "): it is fetched again on the next run");
        }

        private static void DiscardParts(MailMessage mail)
        {
            foreach (var attachment in mail.Attachments)
                File.Delete(attachment.ContentPath);
        }
    }
}
