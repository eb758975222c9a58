using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using FundMail.PowerShell.Loading;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Module
{
    /// <summary>
    /// Windows PowerShell 5.1 runs the module on .NET Framework 4.7.2+, where a module has no binding redirects: every
    /// assembly reference of every shipped DLL must be met by the Framework itself (its reference set, facades included,
    /// at the same or a higher version) or by a file in deps/ that DesktopDependencies hands out by simple name, whatever
    /// version was asked for (a strong-named reference to another version than the file's fails without a binding
    /// redirect). Mono ignores versions, so only this audit sees a mismatch the Framework would refuse.
    /// </summary>
    [Collection(ModuleFolderCollection.Name)]
    public sealed class DepsReferenceAuditTests
    {
        // Provided by the host, not by the Framework or the module: Windows PowerShell's own assembly.
        private static readonly string[] HostProvided = { "System.Management.Automation" };

        private readonly ModuleFolderFixture _module;
        private readonly ITestOutputHelper _output;

        public DepsReferenceAuditTests(ModuleFolderFixture module, ITestOutputHelper output)
        {
            _module = module;
            _output = output;
        }

        [Fact]
        public void Every_reference_of_every_shipped_dll_is_met_by_the_Framework_or_answered_from_deps()
        {
            var shipped = Directory.GetFiles(_module.Folder, "*.dll").Concat(Directory.GetFiles(_module.PathOf("deps"), "*.dll"));
            var (problems, mismatches) = Audit(shipped);
            foreach (var mismatch in mismatches)
                _output.WriteLine("version mismatch answered by DesktopDependencies from deps/: " + mismatch);
            Assert.True(problems.Count == 0, "references .NET Framework 4.7.2 cannot satisfy:\n" + string.Join("\n", problems));
        }

        [Fact]
        public void A_reference_neither_in_deps_nor_in_the_Framework_is_named()
        {
            // This test assembly stands for a DLL that brings a dependency the module does not ship (xunit).
            var (problems, _) = Audit(new[] { typeof(DepsReferenceAuditTests).Assembly.Location });
            Assert.Contains(problems, p => p.StartsWith("FundMail.Tests.dll -> xunit.core ", StringComparison.Ordinal) && p.Contains("not in deps/"));
        }

        /// <returns>What the Framework would refuse (DLL -> reference: what is missing), and the version mismatches the resolver answers.</returns>
        private (List<string> Problems, List<string> Mismatches) Audit(IEnumerable<string> shipped)
        {
            var framework = Versions(Directory.GetFiles(Net472ReferenceAssemblies, "*.dll")
                .Concat(Directory.GetFiles(Path.Combine(Net472ReferenceAssemblies, "Facades"), "*.dll")));
            var deps = Versions(Directory.GetFiles(_module.PathOf("deps"), "*.dll"));
            var resolver = new DesktopDependencies(new ModuleLayout(_module.Folder));
            var problems = new List<string>();
            var mismatches = new List<string>();
            foreach (var dll in shipped)
            {
                // Requests are judged as coming from a DLL in the module folder, where the shipped ones live.
                var requesting = new LocatedAssembly(_module.PathOf("deps", Path.GetFileName(dll)));
                foreach (var reference in References(dll))
                {
                    var what = Path.GetFileName(dll) + " -> " + reference.Name + " " + reference.Version;
                    if (framework.TryGetValue(reference.Name!, out var inFramework) && inFramework >= reference.Version!)
                        continue;
                    if (HostProvided.Contains(reference.Name))
                        continue;
                    if (!deps.TryGetValue(reference.Name!, out var inDeps))
                        problems.Add(what + ": not in deps/, and .NET Framework 4.7.2 has " +
                                     (inFramework == null ? "no such assembly" : "only " + inFramework) + "; ship it in deps/");
                    else if (resolver.FileFor(reference, requesting) != _module.PathOf("deps", reference.Name + ".dll"))
                        problems.Add(what + ": deps/ has " + inDeps + " but DesktopDependencies does not answer the request with it");
                    else if (inDeps != reference.Version)
                        mismatches.Add(what + " -> deps/ has " + inDeps + (inDeps < reference.Version! ? " (older than asked)" : ""));
                }
            }
            return (problems, mismatches);
        }

        private static string Net472ReferenceAssemblies =>
            typeof(DepsReferenceAuditTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "FundMail.Net472ReferenceAssemblies").Value!;

        private static Dictionary<string, Version> Versions(IEnumerable<string> files)
        {
            var versions = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in files)
            {
                using var pe = new PEReader(File.OpenRead(file));
                // The reference set also holds a few native and module files: they provide no assembly.
                if (!pe.HasMetadata || !pe.GetMetadataReader().IsAssembly)
                    continue;
                var name = pe.GetMetadataReader().GetAssemblyDefinition().GetAssemblyName();
                versions[name.Name!] = name.Version!;
            }
            return versions;
        }

        private static List<AssemblyName> References(string dll)
        {
            using var pe = new PEReader(File.OpenRead(dll));
            var metadata = pe.GetMetadataReader();
            return metadata.AssemblyReferences
                .Select(handle => metadata.GetAssemblyReference(handle).GetAssemblyName())
                .ToList();
        }
    }
}
