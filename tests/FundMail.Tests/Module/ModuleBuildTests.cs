using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Xunit;

namespace FundMail.Tests.Module
{
    /// <summary>What scripts/build-module puts in the module folder.</summary>
    [Collection(ModuleFolderCollection.Name)]
    public sealed class ModuleBuildTests
    {
        private readonly ModuleFolderFixture _module;

        public ModuleBuildTests(ModuleFolderFixture module)
        {
            _module = module;
        }

        [Fact]
        public void Module_root_holds_the_manifest_files_and_only_the_cmdlet_assembly()
        {
            var manifest = PsdReader.ReadHashtable(File.ReadAllText(_module.PathOf("FundMail.psd1")));
            var listed = ((object?[])manifest["FileList"]!).Cast<string>().ToList();
            Assert.All(listed, f => Assert.True(File.Exists(_module.PathOf(f.Split('/'))), f + " is listed but not built"));
            Assert.True(File.Exists(_module.PathOf((string)manifest["RootModule"]!)));
            Assert.Equal(new[] { "FundMail.PowerShell.dll" }, Directory.GetFiles(_module.Folder, "*.dll").Select(Path.GetFileName));
            Assert.Equal(File.ReadAllText(Repository.File("FundMail.psd1")), File.ReadAllText(_module.PathOf("FundMail.psd1")));
        }

        [Fact]
        public void Deps_hold_the_engine_and_its_dependencies()
        {
            foreach (var name in new[] { "FundMail.Engine", "Microsoft.Identity.Client", "Microsoft.IdentityModel.Abstractions", "Microsoft.Data.Sqlite",
                         "SQLitePCLRaw.core", "SQLitePCLRaw.provider.e_sqlite3", "SQLitePCLRaw.batteries_v2", "System.Text.Json",
                         "System.Text.Encoding.CodePages", "DotNetEnv", "BouncyCastle.Cryptography", "MailKit", "MimeKit", "System.Memory" })
                Assert.True(File.Exists(_module.PathOf("deps", name + ".dll")), name + ".dll missing from deps/");
        }

        // One set of files for Windows PowerShell 5.1 (.NET Framework 4.7.2, 32 or 64 bit) and PowerShell 7:
        // every managed file is AnyCPU IL and built for netstandard (2.0 at most), never for .NET (Core) alone.
        [Fact]
        public void Every_managed_file_is_AnyCPU_netstandard_that_dotnet_framework_can_load()
        {
            var files = Directory.GetFiles(_module.PathOf("deps"), "*.dll").Append(_module.PathOf("FundMail.PowerShell.dll")).ToList();
            Assert.True(files.Count > 10);
            foreach (var file in files)
            {
                using var pe = new PEReader(File.OpenRead(file));
                var flags = pe.PEHeaders.CorHeader!.Flags;
                Assert.True(flags.HasFlag(CorFlags.ILOnly) && !flags.HasFlag(CorFlags.Requires32Bit), Path.GetFileName(file) + " is not AnyCPU IL: " + flags);

                var metadata = pe.GetMetadataReader();
                var references = metadata.AssemblyReferences.Select(r => metadata.GetAssemblyReference(r))
                    .ToDictionary(r => metadata.GetString(r.Name), r => r.Version);
                Assert.False(references.ContainsKey("System.Private.CoreLib"), Path.GetFileName(file) + " is built for .NET (Core) only");
                if (references.TryGetValue("netstandard", out var netstandard))
                    Assert.True(netstandard <= new Version(2, 0, 0, 0), Path.GetFileName(file) + " needs netstandard " + netstandard);
                var framework = TargetFramework(metadata);
                Assert.True(framework == null || framework.StartsWith(".NETStandard,Version=v1.", StringComparison.Ordinal) || framework == ".NETStandard,Version=v2.0",
                    Path.GetFileName(file) + " targets " + framework);
            }
        }

        private static string? TargetFramework(MetadataReader metadata)
        {
            foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
            {
                var attribute = metadata.GetCustomAttribute(handle);
                if (attribute.Constructor.Kind != HandleKind.MemberReference)
                    continue;
                var type = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
                if (type.Kind != HandleKind.TypeReference || metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)type).Name) != "TargetFrameworkAttribute")
                    continue;
                var blob = metadata.GetBlobReader(attribute.Value);
                blob.ReadUInt16(); // prolog
                return blob.ReadSerializedString();
            }
            return null;
        }

        // Each native SQLite library must be a binary for its platform and CPU, checked in its file header.
        [Theory]
        [InlineData("win-x64", "e_sqlite3.dll", "PE", 0x8664)]
        [InlineData("win-x86", "e_sqlite3.dll", "PE", 0x014c)]
        [InlineData("win-arm64", "e_sqlite3.dll", "PE", 0xAA64)]
        [InlineData("linux-x64", "libe_sqlite3.so", "ELF", 62)]
        [InlineData("linux-arm64", "libe_sqlite3.so", "ELF", 183)]
        [InlineData("osx-arm64", "libe_sqlite3.dylib", "MachO", 0x0100000C)]
        public void Native_sqlite_is_shipped_for_each_platform(string rid, string file, string format, int machine)
        {
            var bytes = File.ReadAllBytes(_module.PathOf("runtimes", rid, "native", file));
            switch (format)
            {
                case "PE":
                    Assert.Equal((byte)'M', bytes[0]);
                    Assert.Equal((byte)'Z', bytes[1]);
                    var pe = BitConverter.ToInt32(bytes, 0x3C);
                    Assert.Equal(0x00004550, BitConverter.ToInt32(bytes, pe));
                    Assert.Equal(machine, BitConverter.ToUInt16(bytes, pe + 4));
                    break;
                case "ELF":
                    Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, bytes.Take(4));
                    Assert.Equal(machine, BitConverter.ToUInt16(bytes, 18));
                    break;
                case "MachO":
                    Assert.Equal(0xFEEDFACFu, BitConverter.ToUInt32(bytes, 0));
                    Assert.Equal(machine, BitConverter.ToInt32(bytes, 4));
                    break;
            }
        }

        [Fact]
        public void Help_describes_every_exported_cmdlet_and_each_of_its_parameters()
        {
            XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
            XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
            var help = XDocument.Load(_module.PathOf("en-US", "FundMail.PowerShell.dll-Help.xml"));
            var commands = help.Root!.Elements(command + "command").ToDictionary(c => c.Element(command + "details")!.Element(command + "name")!.Value);
            foreach (var cmdlet in CmdletMetadata.All())
            {
                var name = cmdlet.Name;
                Assert.True(commands.TryGetValue(name, out var entry), name + " has no help");
                Assert.False(string.IsNullOrWhiteSpace(entry!.Element(command + "details")!.Element(maml + "description")!.Value), name + " has no synopsis");
                var documented = entry.Element(command + "parameters")!.Elements(command + "parameter")
                    .ToDictionary(p => p.Element(maml + "name")!.Value, p => p.Element(maml + "description")!.Value);
                foreach (var parameter in cmdlet.Parameters)
                {
                    Assert.True(documented.TryGetValue(parameter.Name, out var text), name + " -" + parameter.Name + " has no help");
                    Assert.False(string.IsNullOrWhiteSpace(text), name + " -" + parameter.Name + " has an empty description");
                }
                // -WhatIf and -Confirm come from SupportsShouldProcess, not from a property.
                Assert.Equal(cmdlet.Parameters.Count() + (cmdlet.SupportsShouldProcess ? 2 : 0), documented.Count);
            }
            Assert.Contains("about_FundMail", File.ReadAllText(_module.PathOf("en-US", "about_FundMail.help.txt")));
        }
    }
}
