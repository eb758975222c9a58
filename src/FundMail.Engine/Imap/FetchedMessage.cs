using System;
using System.Collections.Generic;

namespace FundMail.Imap
{
    /// <summary>One message fetched in full. <see cref="RawPath"/> is a spool file the caller now owns and must delete.</summary>
    public sealed class FetchedMessage
    {
        public FetchedMessage(uint uid, DateTimeOffset internalDate, long rfc822Size, string rawPath, long rawLength)
        {
            Uid = uid;
            InternalDate = internalDate;
            Rfc822Size = rfc822Size;
            RawPath = rawPath;
            RawLength = rawLength;
        }

        public uint Uid { get; }
        public DateTimeOffset InternalDate { get; }

        /// <summary>The size the server states; may differ from <see cref="RawLength"/> on servers that convert line ends.</summary>
        public long Rfc822Size { get; }

        public string RawPath { get; }

        /// <summary>Octets actually received into <see cref="RawPath"/>.</summary>
        public long RawLength { get; }
    }

    /// <summary>What a fetch returned: how many messages were handed over and which requested UIDs the server did not return.</summary>
    public sealed class FetchResult
    {
        public FetchResult(int delivered, IReadOnlyList<uint> missing, int commands, string? serverWarning)
        {
            Delivered = delivered;
            Missing = missing;
            Commands = commands;
            ServerWarning = serverWarning;
        }

        public int Delivered { get; }

        /// <summary>
        /// UIDs asked for but not returned (expunged meanwhile, or Exchange's known fault of silently skipping messages).
        /// The caller should retry them later rather than assume they are gone.
        /// </summary>
        public IReadOnlyList<uint> Missing { get; }

        /// <summary>How many UID FETCH commands the batch needed (1 unless the UID set was too long for one command line).</summary>
        public int Commands { get; }

        /// <summary>Text of a NO the server ended the fetch with, if any (the messages it did return were still delivered).</summary>
        public string? ServerWarning { get; }
    }
}
