using Microsoft.Data.Sqlite;

namespace FundMail.Store
{
    internal static class MailDb
    {
        /// <summary>Opens a stored fm_*.db read-only; no pooling, so no handle outlives the caller (Windows could not rename or delete the file).</summary>
        public static SqliteConnection OpenReadOnly(string dbPath)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
            }.ToString());
            connection.Open();
            return connection;
        }
    }
}
