using System;

namespace FundMail.Store
{
    /// <summary>Storing could not complete; nothing was written under the DB's real name.</summary>
    public sealed class StoreException : Exception
    {
        public StoreException(string message) : base(message) { }
    }
}
