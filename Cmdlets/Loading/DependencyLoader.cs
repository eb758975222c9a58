using System.Runtime.InteropServices;

namespace FundMail.PowerShell.Loading
{
    /// <summary>
    /// Makes the engine and its dependencies loadable from the module folder, once per process:
    /// a private load context on PowerShell 7, AssemblyResolve from deps/ on Windows PowerShell 5.1.
    /// </summary>
    internal static class DependencyLoader
    {
        private static readonly object Gate = new object();
        private static IDependencyIsolation? _isolation;
        private static bool _attached;

        // Mono implements .NET Framework (one AppDomain, no AssemblyLoadContext): it takes the same path, which is
        // how the Framework path is exercised on Linux (tests/FrameworkSmoke).
        public static bool RunsOnDotNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", System.StringComparison.Ordinal)
            || RuntimeInformation.FrameworkDescription.StartsWith("Mono", System.StringComparison.Ordinal);

        public static void Attach()
        {
            lock (Gate)
            {
                if (_attached)
                    return;
                if (_isolation == null)
                {
                    var cmdletAssembly = typeof(DependencyLoader).Assembly;
                    var layout = ModuleLayout.ForAssembly(cmdletAssembly);
                    _isolation = RunsOnDotNetFramework
                        ? new DesktopDependencies(layout)
                        : (IDependencyIsolation)new CoreDependencies(layout, cmdletAssembly);
                }
                _isolation.Attach();
                _attached = true;
            }
        }

        public static void Detach()
        {
            lock (Gate)
            {
                if (!_attached)
                    return;
                _isolation!.Detach();
                _attached = false;
            }
        }
    }
}
