using System.Collections.Generic;
using System.Linq;
using FundMail.Logging;

namespace FundMail.Tests.EndToEnd
{
    /// <summary>What a user would see: every event, as "level: message".</summary>
    internal sealed class RecordingLog : ILog
    {
        private readonly List<string> _lines = new List<string>();

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                    return _lines.ToList();
            }
        }

        public void Write(LogLevel level, string message)
        {
            lock (_lines)
                _lines.Add(level.ToString().ToLowerInvariant() + ": " + message);
        }
    }
}
