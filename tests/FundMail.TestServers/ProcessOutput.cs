using System.Diagnostics;
using System.Text;

namespace FundMail.TestServers
{
    /// <summary>What a server process wrote to stdout and stderr, kept for the error when it fails to start.</summary>
    internal sealed class ProcessOutput
    {
        private readonly StringBuilder _text = new StringBuilder();

        public void Follow(Process process)
        {
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
        }

        public override string ToString()
        {
            lock (_text)
                return _text.ToString();
        }

        private void Append(string? line)
        {
            if (line == null)
                return;
            lock (_text)
                _text.AppendLine(line);
        }
    }
}
