using System;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;

namespace FundMail.Tests.Chaos
{
    /// <summary>One real `fundmail cycle` process: started, awaited or SIGKILLed, with what it printed.</summary>
    public sealed class CycleProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stdout = new StringBuilder();
        private readonly StringBuilder _stderr = new StringBuilder();
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        private CycleProcess(Process process)
        {
            _process = process;
        }

        public static CycleProcess Start(string hostDll, string envFile)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { hostDll, "cycle", "--env", envFile },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var process = new Process { StartInfo = start };
            var cycle = new CycleProcess(process);
            process.OutputDataReceived += (_, e) => Append(cycle._stdout, e.Data);
            process.ErrorDataReceived += (_, e) => Append(cycle._stderr, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return cycle;
        }

        public int Id => _process.Id;
        public bool HasExited => _process.HasExited;
        public TimeSpan Elapsed => _clock.Elapsed;
        public bool Killed { get; private set; }

        public string Stdout
        {
            get
            {
                lock (_stdout)
                    return _stdout.ToString();
            }
        }

        public string Stderr
        {
            get
            {
                lock (_stderr)
                    return _stderr.ToString();
            }
        }

        /// <summary>SIGKILL (what Process.Kill sends on Unix): no finally block, no flush, no cleanup runs.</summary>
        /// <returns>False when the process had already ended, so nothing was killed.</returns>
        public bool Kill()
        {
            if (_process.HasExited)
                return false;
            try
            {
                _process.Kill();
            }
            catch (InvalidOperationException)
            {
                return false;
            }
            Killed = true;
            return true;
        }

        /// <returns>The exit code; a run that outlives <paramref name="limit"/> is killed and reported as hung.</returns>
        public async Task<int> WaitAsync(TimeSpan limit)
        {
            try
            {
                await _process.WaitForExitAsync().WaitAsync(limit);
            }
            catch (TimeoutException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
                throw new TimeoutException("fundmail cycle (pid " + Id + ") still ran after " + limit + "; stderr: " + Stderr);
            }
            // The parameterless wait also drains the redirected output.
            _process.WaitForExit();
            _clock.Stop();
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }
            _process.Dispose();
        }

        private static void Append(StringBuilder buffer, string? line)
        {
            if (line == null)
                return;
            lock (buffer)
                buffer.AppendLine(line);
        }
    }
}
