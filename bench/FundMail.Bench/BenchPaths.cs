using System;
using System.IO;

namespace FundMail.Bench
{
    /// <summary>Where the repository's pieces the bench runs live (peer scripts, the built console host).</summary>
    internal static class BenchPaths
    {
        /// <summary>FUNDMAIL_BENCH_ROOT (set by bench/run), else the folder above this program that holds FundMail.slnx.</summary>
        public static string RepositoryRoot { get; } = Environment.GetEnvironmentVariable("FUNDMAIL_BENCH_ROOT") ?? FindRoot();

        public static string Peer(string script) => Path.Combine(RepositoryRoot, "bench", "peers", script);

        /// <summary>The `fundmail` console host (apphost) that bench/run builds in Release.</summary>
        public static string Host => Environment.GetEnvironmentVariable("FUNDMAIL_BENCH_HOST") ?? Path.Combine(RepositoryRoot, "out", "host", "fundmail");

        public const string Python = "/usr/bin/python3";

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "FundMail.slnx")))
                    return dir.FullName;
            throw new InvalidOperationException("cannot find the repository (FundMail.slnx) above " + AppContext.BaseDirectory + "; set FUNDMAIL_BENCH_ROOT");
        }
    }
}
