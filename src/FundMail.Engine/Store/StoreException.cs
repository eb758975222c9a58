using System;

namespace FundMail.Store
{
    /// <summary>Storing could not complete (nothing was written under the DB's real name), or a saved DB could not be read.</summary>
    public class StoreException : Exception
    {
        public StoreException(string message) : base(message) { }
    }
}
