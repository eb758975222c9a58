using System;
using System.IO;

namespace FundMail.Tests.Mime
{
    /// <summary>
    /// Finds the shared MIME corpus: beside the repository (CI clones shared/ next to it), else
    /// $FUNDMAIL_CORPUS, else /work/shared/corpus (the development machine).
    /// </summary>
    internal static class CorpusLocator
    {
        internal static string Find()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "FundMail.slnx"))) dir = dir.Parent;
            if (dir != null)
            {
                var besideRepo = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
                if (File.Exists(Path.Combine(besideRepo, "expected.json"))) return besideRepo;
            }
            var fromEnv = Environment.GetEnvironmentVariable("FUNDMAIL_CORPUS");
            if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "expected.json"))) return fromEnv;
            const string workstation = "/work/shared/corpus";
            if (File.Exists(Path.Combine(workstation, "expected.json"))) return workstation;
            throw new DirectoryNotFoundException("MIME corpus not found: looked beside the repository (../shared/corpus), in $FUNDMAIL_CORPUS and in " + workstation);
        }
    }
}
