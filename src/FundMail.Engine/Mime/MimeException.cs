using System;

namespace FundMail.Mime
{
    /// <summary>The parse could not run at all: the raw file is unreadable or the attachment directory unwritable.</summary>
    public sealed class MimeException : Exception
    {
        public MimeException(string message, Exception? inner) : base(message, inner) { }
    }
}
