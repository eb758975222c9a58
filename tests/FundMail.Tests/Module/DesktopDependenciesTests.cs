using System;
using System.IO;
using System.Reflection;
using FundMail.PowerShell.Loading;
using Xunit;

namespace FundMail.Tests.Module
{
    /// <summary>
    /// Which failed lookups the Windows PowerShell 5.1 resolver answers from deps/ (the decision only: loading
    /// through AssemblyResolve and the native preload need .NET Framework on Windows).
    /// </summary>
    public sealed class DesktopDependenciesTests : IDisposable
    {
        private readonly string _module = Path.Combine(Path.GetTempPath(), "fundmail-desktop-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        private readonly DesktopDependencies _resolver;

        public DesktopDependenciesTests()
        {
            Directory.CreateDirectory(Path.Combine(_module, "deps"));
            File.WriteAllText(Path.Combine(_module, "deps", "Microsoft.Identity.Client.dll"), "");
            _resolver = new DesktopDependencies(new ModuleLayout(_module));
        }

        public void Dispose() => Directory.Delete(_module, recursive: true);

        [Fact]
        public void Answers_the_module_own_assemblies_and_by_name_loads_from_deps_whatever_the_version()
        {
            var requested = new AssemblyName("Microsoft.Identity.Client, Version=4.60.0.0, Culture=neutral, PublicKeyToken=0a613f4dd989e8ae");
            var expected = Path.Combine(_module, "deps", "Microsoft.Identity.Client.dll");

            Assert.Equal(expected, _resolver.FileFor(requested, requesting: null));
            Assert.Equal(expected, _resolver.FileFor(requested, new LocatedAssembly(Path.Combine(_module, "FundMail.PowerShell.dll"))));
            Assert.Equal(expected, _resolver.FileFor(requested, new LocatedAssembly(Path.Combine(_module, "deps", "FundMail.Engine.dll"))));
        }

        [Fact]
        public void Leaves_other_modules_lookups_and_unknown_names_alone()
        {
            var msal = new AssemblyName("Microsoft.Identity.Client");
            var otherModule = new LocatedAssembly(Path.Combine(Path.GetTempPath(), "ExchangeOnlineManagement", "Microsoft.Exchange.Management.dll"));
            var siblingFolder = new LocatedAssembly(_module + "-other" + Path.DirectorySeparatorChar + "x.dll");

            Assert.Null(_resolver.FileFor(msal, otherModule));
            Assert.Null(_resolver.FileFor(msal, siblingFolder));
            Assert.Null(_resolver.FileFor(new AssemblyName("Newtonsoft.Json"), requesting: null));
        }
    }
}
