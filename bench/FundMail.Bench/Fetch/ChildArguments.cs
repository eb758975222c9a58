using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;

namespace FundMail.Bench.Fetch
{
    /// <summary>
    /// What a FundMail child process needs to reach the server and where to write. The password travels in the
    /// environment, never on the command line where any user's <c>ps</c> would show it.
    /// </summary>
    internal sealed record ChildArguments(string Host, int Port, string User, string CaFile, string OutDir)
    {
        public const string PasswordVariable = "FUNDMAIL_BENCH_PASSWORD";

        public static ChildArguments Parse(IReadOnlyList<string> args)
        {
            var values = new Dictionary<string, string>();
            for (var i = 0; i + 1 < args.Count; i += 2)
                values[args[i]] = args[i + 1];
            string Get(string name) => values.TryGetValue(name, out var v) ? v : throw new UsageException("missing " + name);
            return new ChildArguments(Get("--host"), int.Parse(Get("--port")), Get("--user"), Get("--ca"), Get("--out"));
        }

        /// <summary>This benchmark binary started again with <paramref name="command"/>, reaching the IMAP server.</summary>
        public ProcessStartInfo Command(string command, string password)
        {
            var launcher = Self(command);
            foreach (var arg in new[] { "--host", Host, "--port", Port.ToString(), "--user", User, "--ca", CaFile, "--out", OutDir })
                launcher.ArgumentList.Add(arg);
            launcher.Environment[PasswordVariable] = password;
            return launcher;
        }

        /// <summary>This benchmark binary started again with a child command (ours-*), as its own process.</summary>
        public static ProcessStartInfo Self(string command)
        {
            var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell this program's path");
            return Path.GetFileNameWithoutExtension(self) == "dotnet"
                ? Contender.Start(self, Assembly.GetExecutingAssembly().Location, command)
                : Contender.Start(self, command);
        }
    }
}
