using System.Collections.Generic;

namespace FundMail.Store
{
    public enum StoredFileKind
    {
        Attachment,
        RawMessage,
        Database,
    }

    /// <summary>One file a store wrote; what Send-FundMailSftp takes from the pipeline.</summary>
    public sealed class StoredFile
    {
        public StoredFile(string path, StoredFileKind kind, long size, string? sha256)
        {
            Path = path;
            Kind = kind;
            Size = size;
            Sha256 = sha256;
        }

        public string Path { get; }
        public StoredFileKind Kind { get; }
        public long Size { get; }

        /// <summary>Known for content files (from the parse); null for the DB.</summary>
        public string? Sha256 { get; }

        public override string ToString() => Path;
    }

    /// <summary>The outcome of writing one batch: its DB and every file, content files first, DB last.</summary>
    public sealed class StoredBatch
    {
        public StoredBatch(string dbPath, int mailCount, IReadOnlyList<StoredFile> files)
        {
            DbPath = dbPath;
            MailCount = mailCount;
            Files = files;
        }

        public string DbPath { get; }
        public int MailCount { get; }
        public IReadOnlyList<StoredFile> Files { get; }
    }
}
