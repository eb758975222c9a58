using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace FundMail.Tests.Module
{
    /// <summary>
    /// The built module imported by a separate .NET process the way PowerShell 7 imports it (FundMail.PowerShell.dll
    /// into the default load context, then OnImport): no deps.json of ours, only the module folder.
    /// </summary>
    [Collection(ModuleFolderCollection.Name)]
    public sealed class ModuleLoadingTests : IDisposable
    {
        private readonly ModuleFolderFixture _module;
        private readonly string _work = Path.Combine(Path.GetTempPath(), "fundmail-host-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public ModuleLoadingTests(ModuleFolderFixture module)
        {
            _module = module;
            Directory.CreateDirectory(_work);
        }

        public void Dispose() => Directory.Delete(_work, recursive: true);

        private ILookup<string, string> Host(string scenario, string extra = "")
        {
            var (exitCode, output) = Repository.Run("dotnet", $"\"{Repository.FakeHost}\" \"{_module.Folder}\" {scenario} {extra}", _work, TimeSpan.FromMinutes(1));
            Assert.True(exitCode == 0, "fake host failed:\n" + output);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.Contains('='))
                .ToLookup(l => l.Substring(0, l.IndexOf('=')), l => l.Substring(l.IndexOf('=') + 1).TrimEnd('\r'));
        }

        [Fact]
        public void Engine_and_sqlite_load_from_the_module_folder_in_a_private_context_and_store_korean_text()
        {
            var facts = Host("sqlite", "\"" + Path.Combine(_work, "mail.db") + "\"");

            Assert.Equal("FundMail", facts["engine.context"].Single());
            Assert.Equal(_module.PathOf("deps", "FundMail.Engine.dll"), facts["engine.location"].Single());
            Assert.Equal("FundMail", facts["sqlite.context"].Single());
            Assert.Equal(_module.PathOf("deps", "Microsoft.Data.Sqlite.dll"), facts["sqlite.location"].Single());
            Assert.Equal("True", facts["sqlite.roundtrip"].Single());
            Assert.StartsWith("3.", facts["sqlite.native_version"].Single());
            Assert.True(File.Exists(Path.Combine(_work, "mail.db")));
            var native = facts["native.mapped"].Where(p => p.EndsWith(".so", StringComparison.Ordinal)).ToList();
            Assert.Equal(new[] { _module.PathOf("runtimes", "linux-x64", "native", "libe_sqlite3.so") }, native);
        }

        [Fact]
        public void The_private_context_leaves_what_the_runtime_ships_to_the_runtime()
        {
            var isolated = Host("sqlite", "\"" + Path.Combine(_work, "mail.db") + "\"")["isolated.assemblies"].Single().Split(',');

            Assert.Contains("Microsoft.Identity.Client", isolated);
            Assert.Contains("SQLitePCLRaw.provider.e_sqlite3", isolated);
            Assert.Contains("BouncyCastle.Cryptography", isolated);
            Assert.Contains("MailKit", isolated);
            Assert.Contains("MimeKit", isolated);
            // The netstandard2.0 builds of these define their own Span, buffers and JSON types, which would not mix.
            foreach (var runtimeShipped in new[] { "System.Memory", "System.Buffers", "System.Text.Json", "System.Runtime.CompilerServices.Unsafe", "System.Linq" })
                Assert.DoesNotContain(runtimeShipped, isolated);
            Assert.True(File.Exists(_module.PathOf("deps", "System.Memory.dll")), "deps/ still ships System.Memory for Windows PowerShell 5.1");
        }

        [Fact]
        public void Cmdlet_assembly_code_reaches_the_engine_through_the_module_resolver()
        {
            var facts = Host("sqlite", "\"" + Path.Combine(_work, "mail.db") + "\"");

            Assert.Equal("# test\\nCLIENT_SECRET=dpapi:AAAA\\nEMAIL_ID=a@b.c\\n", facts["cmdlet.envfile"].Single());
        }

        [Fact]
        public void Importing_again_after_remove_keeps_the_one_private_context()
        {
            var facts = Host("reimport");

            Assert.Equal("True", facts["reimport.same_engine"].Single());
            Assert.Equal(1, facts["reimport.contexts"].Single().Split(',').Count(c => c == "FundMail"));
        }

        [Fact]
        public void Module_msal_is_its_own_while_the_host_holds_another_msal_version_and_both_build_apps()
        {
            var facts = Host("msal");

            Assert.Equal("Default", facts["host_msal.context"].Single());
            Assert.Equal("4.61.3.0", facts["host_msal.version"].Single());
            Assert.Equal("FundMail", facts["module_msal.context"].Single());
            Assert.Equal(_module.PathOf("deps", "Microsoft.Identity.Client.dll"), facts["module_msal.location"].Single());
            Assert.Equal("4.92.0.0", facts["module_msal.version"].Single());
            Assert.Equal("True", facts["builder_types_distinct"].Single());
            Assert.Equal("4.92.0.0", facts["module_app.assembly_version"].Single());
            Assert.Equal("4.92.0.0", facts["engine_app.assembly_version"].Single());
            Assert.Equal("True", facts["host_app.works"].Single());
            Assert.Equal("4.61.3.0", facts["host_default_msal.version"].Single());
        }
    }
}
