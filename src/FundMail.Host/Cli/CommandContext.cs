using System;
using FundMail.Config;
using FundMail.Logging;

namespace FundMail.Host.Cli
{
    /// <summary>What every verb gets: its arguments, the configuration source and a log to stderr.</summary>
    internal sealed class CommandContext
    {
        public CommandContext(Arguments arguments)
        {
            Arguments = arguments;
            Log = new ConsoleLog(arguments.Has("verbose"));
        }

        public Arguments Arguments { get; }
        public ILog Log { get; }

        public ConfigSource LoadConfig() => ConfigSource.Load(Arguments.Value("env"));
    }

    /// <summary>Engine events to stderr, so stdout carries only results (and stays parseable with --json).</summary>
    internal sealed class ConsoleLog : ILog
    {
        private readonly bool _verbose;

        public ConsoleLog(bool verbose)
        {
            _verbose = verbose;
        }

        public void Write(LogLevel level, string message)
        {
            // Results go to stdout; progress chatter only with --verbose, warnings and errors always.
            if ((level == LogLevel.Debug || level == LogLevel.Verbose || level == LogLevel.Info) && !_verbose)
                return;
            Console.Error.WriteLine((level <= LogLevel.Info ? "" : level.ToString().ToLowerInvariant() + ": ") + message);
        }
    }
}
