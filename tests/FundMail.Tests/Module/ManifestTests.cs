using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace FundMail.Tests.Module
{
    /// <summary>FundMail.psd1 read as data and checked against the compiled cmdlets and the repository's files.</summary>
    public sealed class ManifestTests
    {
        private static readonly Dictionary<string, object?> Manifest =
            PsdReader.ReadHashtable(File.ReadAllText(Repository.File("FundMail.psd1")));

        private static string[] Strings(object? value) =>
            value switch
            {
                null => Array.Empty<string>(),
                string s => new[] { s },
                object?[] list => list.Cast<string>().ToArray(),
                _ => throw new InvalidCastException("not a string list: " + value),
            };

        private static Dictionary<string, object?> PSData =>
            (Dictionary<string, object?>)((Dictionary<string, object?>)Manifest["PrivateData"]!)["PSData"]!;

        [Fact]
        public void Exported_cmdlets_are_exactly_the_compiled_cmdlets_listed_without_wildcards()
        {
            var exported = Strings(Manifest["CmdletsToExport"]);
            Assert.All(exported, name => Assert.DoesNotContain("*", name));
            var compiled = CmdletMetadata.All().Select(c => c.Name);
            Assert.Equal(compiled.OrderBy(n => n), exported.OrderBy(n => n));
            foreach (var key in new[] { "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
                Assert.Empty(Strings(Manifest[key]));
        }

        [Fact]
        public void Runs_on_Windows_PowerShell_5_1_with_dotnet_framework_4_7_2_and_on_PowerShell_7()
        {
            Assert.Equal("FundMail.PowerShell.dll", Manifest["RootModule"]);
            Assert.Equal(new[] { "Core", "Desktop" }, Strings(Manifest["CompatiblePSEditions"]).OrderBy(e => e));
            Assert.Equal("5.1", Manifest["PowerShellVersion"]);
            Assert.Equal("4.7.2", Manifest["DotNetFrameworkVersion"]);
            Assert.Equal("4.0", Manifest["CLRVersion"]);
            Assert.True(Guid.TryParse((string)Manifest["GUID"]!, out _));
        }

        [Fact]
        public void Module_version_is_the_assembly_version()
        {
            var assembly = CmdletMetadata.CmdletAssembly.GetName().Version!;
            Assert.Equal(new Version(assembly.Major, assembly.Minor, assembly.Build).ToString(), Manifest["ModuleVersion"]);
        }

        [Fact]
        public void Gallery_data_is_complete()
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)Manifest["Description"]));
            var tags = Strings(PSData["Tags"]);
            Assert.Contains("PSEdition_Desktop", tags);
            Assert.Contains("PSEdition_Core", tags);
            Assert.All(tags, t => Assert.DoesNotContain(" ", t));
            foreach (var key in new[] { "ProjectUri", "LicenseUri" })
            {
                Assert.True(Uri.TryCreate((string?)PSData[key], UriKind.Absolute, out var uri), key);
                Assert.Equal("https", uri!.Scheme);
            }
            Assert.Contains(Manifest["ModuleVersion"]!.ToString()!, (string)PSData["ReleaseNotes"]!);
        }

        [Fact]
        public void Format_file_is_listed_and_has_a_view_for_each_named_output_type()
        {
            var formats = Strings(Manifest["FormatsToProcess"]);
            var format = Assert.Single(formats);
            var document = XDocument.Load(Repository.File(format));
            var views = document.Descendants("ViewSelectedBy").Elements("TypeName").Select(e => e.Value).ToHashSet();
            // Output given by PSTypeName (a string, not a .NET type) is what a view is for.
            var namedOutputs = CmdletMetadata.All()
                .SelectMany(c => c.Type.GetCustomAttributesData().Where(a => a.AttributeType == typeof(OutputTypeAttribute)))
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(a => (System.Collections.ObjectModel.ReadOnlyCollection<CustomAttributeTypedArgument>)a.Value!)
                .Where(v => v.Value is string)
                .Select(v => (string)v.Value!)
                .ToList();
            Assert.NotEmpty(namedOutputs);
            Assert.All(namedOutputs, name => Assert.Contains(name, views));
        }

        [Fact]
        public void The_reader_refuses_what_a_data_file_may_not_hold()
        {
            Assert.Throws<FormatException>(() => PsdReader.ReadHashtable("@{ A = $env:USERNAME }"));
            Assert.Throws<FormatException>(() => PsdReader.ReadHashtable("@{ A = \"x$(Get-Date)\" }"));
            Assert.Throws<FormatException>(() => PsdReader.ReadHashtable("@{ A = @(\n 'x'\n B = 1 }"));
            Assert.Throws<FormatException>(() => PsdReader.ReadHashtable("@{ A = 1; a = 2 }"));
            var table = PsdReader.ReadHashtable("@{ A = 'it''s', \"b\" # c\n <# d #> B = @{ C = $true } }");
            Assert.Equal(new[] { "it's", "b" }, (object?[])table["a"]!);
            Assert.Equal(true, ((Dictionary<string, object?>)table["B"]!)["C"]);
        }
    }
}
