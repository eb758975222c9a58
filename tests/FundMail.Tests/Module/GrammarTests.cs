using System;
using System.IO;
using Xunit;

namespace FundMail.Tests.Module
{
    /// <summary>
    /// The repository's PowerShell files parse with the tree-sitter PowerShell grammar (tests/grammar, run by Node):
    /// the syntax check that stands in for a PowerShell runtime, which this machine does not have.
    /// </summary>
    public sealed class GrammarTests
    {
        private static readonly string GrammarFolder = Repository.File("tests", "grammar");
        private static readonly object InstallGate = new object();

        private static (int ExitCode, string Output) Check(string arguments)
        {
            lock (InstallGate)
            {
                if (!Directory.Exists(Path.Combine(GrammarFolder, "node_modules", "web-tree-sitter")))
                {
                    var (code, output) = Repository.Run("npm", "ci --ignore-scripts --no-audit --no-fund", GrammarFolder, TimeSpan.FromMinutes(3));
                    Assert.True(code == 0, "npm ci failed:\n" + output);
                }
            }
            return Repository.Run("node", "check.mjs " + arguments, GrammarFolder, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void Every_powershell_file_in_the_repository_parses()
        {
            var (exitCode, output) = Check("\"" + Repository.Root + "\"");
            Assert.True(exitCode == 0, output);
            Assert.Matches(@"grammar check: [2-9]\d* files, 0 syntax errors", output);
        }

        [Fact]
        public void A_broken_manifest_fails_the_check_with_its_line()
        {
            var folder = Path.Combine(Path.GetTempPath(), "fundmail-grammar-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            try
            {
                // The manifest with the ')' that closes its CmdletsToExport list taken out.
                var manifest = File.ReadAllText(Repository.File("FundMail.psd1"));
                var broken = manifest.Remove(manifest.IndexOf(')', manifest.IndexOf("CmdletsToExport", StringComparison.Ordinal)), 1);
                File.WriteAllText(Path.Combine(folder, "FundMail.psd1"), broken);

                var (exitCode, output) = Check("\"" + folder + "\"");

                Assert.Equal(1, exitCode);
                Assert.Matches(@"FundMail\.psd1:\d+:\d+: (ERROR|MISSING)", output);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
