using System.IO;

namespace FundMail.Tests.Chaos
{
    /// <summary>
    /// BASE_DIR/logs replaced by a regular file for a while (as an admin's antivirus or a bad ACL can make it unwritable):
    /// cycles must keep capturing. The real folder is set aside and put back, so its logs stay readable after the run.
    /// </summary>
    public sealed class LogFolderFault
    {
        private readonly string _logs;
        private readonly string _aside;

        public LogFolderFault(string baseDir)
        {
            _logs = Path.Combine(baseDir, "logs");
            _aside = Path.Combine(baseDir, "logs.chaos-aside");
        }

        public bool IsOn { get; private set; }
        public int Times { get; private set; }

        public void Begin()
        {
            Times++;
            IsOn = true;
            if (Directory.Exists(_logs))
                Directory.Move(_logs, _aside);
            File.WriteAllText(_logs, "not a folder: the chaos test makes the log folder unwritable");
        }

        public void End()
        {
            IsOn = false;
            File.Delete(_logs);
            if (Directory.Exists(_aside))
                Directory.Move(_aside, _logs);
        }
    }
}
