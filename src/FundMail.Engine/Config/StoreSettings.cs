using System.Collections.Generic;
using FundMail.Store;

namespace FundMail.Config
{
    public enum FirstRunMode
    {
        /// <summary>With no checkpoint, capture today's mail from 00:00 local time.</summary>
        Today,
        /// <summary>With no checkpoint, capture only the latest mail and start from there.</summary>
        Latest,
    }

    /// <summary>Where FundMail keeps its files, how a first run starts, and how much mail one batch (one fm_*.db) holds.</summary>
    public sealed class StoreSettings
    {
        private StoreSettings(StoreLayout layout, FirstRunMode firstRun, int batchMaxMails, long batchMaxBytes)
        {
            Layout = layout;
            FirstRun = firstRun;
            BatchMaxMails = batchMaxMails;
            BatchMaxBytes = batchMaxBytes;
        }

        public StoreLayout Layout { get; }
        public FirstRunMode FirstRun { get; }

        /// <summary>A batch is committed, ledgered, queued and checkpointed after at most this many mails.</summary>
        public int BatchMaxMails { get; }

        /// <summary>A batch is sized from the mail seen so far to stay near this many bytes of raw mail.</summary>
        public long BatchMaxBytes { get; }

        public static StoreSettings Read(ConfigSource source) => ConfigReader.Validate(source, Read);

        internal static StoreSettings Read(ConfigReader reader)
        {
            var baseDir = reader.Directory(ConfigKeys.BaseDir, "the folder for DB files, attachments, the checkpoint and logs, e.g. C:\\fund_mail");
            var attach = reader.Optional(ConfigKeys.AttachBaseDir) == null ? null : reader.Directory(ConfigKeys.AttachBaseDir, "a folder");
            var firstRun = reader.Choice(ConfigKeys.FirstRun, FirstRunMode.Today,
                new Dictionary<string, FirstRunMode> { ["today"] = FirstRunMode.Today, ["latest"] = FirstRunMode.Latest });
            // Small enough that a batch commits within seconds (a kill or the task's time limit loses at most that),
            // large enough that per-batch costs (a DB file, an upload, a checkpoint write) stay small beside the mail.
            var maxMails = reader.Integer(ConfigKeys.BatchMaxMails, 50, 1, 100_000, "the most mails one batch (one fm_*.db) holds");
            var maxMb = reader.Integer(ConfigKeys.BatchMaxMb, 25, 1, 100_000, "the most megabytes of mail one batch holds");
            return new StoreSettings(new StoreLayout(baseDir.Length == 0 ? "." : baseDir, attach), firstRun, maxMails, maxMb * 1024L * 1024L);
        }
    }
}
