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

    /// <summary>Where FundMail keeps its files, and how a first run starts.</summary>
    public sealed class StoreSettings
    {
        private StoreSettings(StoreLayout layout, FirstRunMode firstRun)
        {
            Layout = layout;
            FirstRun = firstRun;
        }

        public StoreLayout Layout { get; }
        public FirstRunMode FirstRun { get; }

        public static StoreSettings Read(ConfigSource source) => ConfigReader.Validate(source, Read);

        internal static StoreSettings Read(ConfigReader reader)
        {
            var baseDir = reader.Directory(ConfigKeys.BaseDir, "the folder for DB files, attachments, the checkpoint and logs, e.g. C:\\fund_mail");
            var attach = reader.Optional(ConfigKeys.AttachBaseDir) == null ? null : reader.Directory(ConfigKeys.AttachBaseDir, "a folder");
            var firstRun = reader.Choice(ConfigKeys.FirstRun, FirstRunMode.Today,
                new Dictionary<string, FirstRunMode> { ["today"] = FirstRunMode.Today, ["latest"] = FirstRunMode.Latest });
            return new StoreSettings(new StoreLayout(baseDir.Length == 0 ? "." : baseDir, attach), firstRun);
        }
    }
}
