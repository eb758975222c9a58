namespace FundMail.Store
{
    /// <summary>A file given as a saved fm_*.db is something else (text, another SQLite database): the input is wrong, not the disk.</summary>
    public sealed class NotAMailDbException : StoreException
    {
        public NotAMailDbException(string dbPath, string reason)
            : base(dbPath + " is not a FundMail database (" + reason + "); pass an fm_*.db written by FundMail")
        {
            DbPath = dbPath;
        }

        public string DbPath { get; }
    }
}
