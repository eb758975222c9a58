using System;
using System.ComponentModel;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace FundMail.PowerShell.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework): one AppDomain, no load contexts. Dependencies the loader
    /// cannot find by itself come from deps/ by simple name, whatever version was asked for (this acts as
    /// the binding redirect a module cannot have). Only requests from the module's own assemblies, or from no
    /// particular assembly (Assembly.Load by name), are answered: another module's failed lookup of its own
    /// MSAL is not handed ours. Native SQLite is loaded from runtimes/ by full path first,
    /// because Windows then satisfies every later LoadLibrary("e_sqlite3") with the module already loaded.
    /// </summary>
    internal sealed class DesktopDependencies : IDependencyIsolation
    {
        private readonly ModuleLayout _layout;
        private bool _nativeLoaded;

        public DesktopDependencies(ModuleLayout layout)
        {
            _layout = layout;
        }

        public void Attach()
        {
            AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
            if (!_nativeLoaded)
            {
                PreloadNativeLibraries();
                _nativeLoaded = true;
            }
        }

        public void Detach()
        {
            AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
        }

        private Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            var path = FileFor(new AssemblyName(args.Name), args.RequestingAssembly);
            return path == null ? null : Assembly.LoadFrom(path);
        }

        /// <summary>The deps/ file that answers a failed lookup, or null when the module does not answer it.</summary>
        internal string? FileFor(AssemblyName requested, Assembly? requesting)
        {
            if (requesting != null && !IsInModuleFolder(requesting))
                return null;
            return _layout.ManagedFile(requested.Name!);
        }

        private bool IsInModuleFolder(Assembly assembly)
        {
            var location = assembly.IsDynamic ? "" : assembly.Location;
            var folder = _layout.ModuleDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return location.StartsWith(folder, StringComparison.OrdinalIgnoreCase);
        }

        private void PreloadNativeLibraries()
        {
            if (!Directory.Exists(_layout.NativeDirectory))
                throw new DirectoryNotFoundException("FundMail's native libraries for this platform are missing: " + _layout.NativeDirectory);
            foreach (var file in Directory.GetFiles(_layout.NativeDirectory, "*.dll"))
            {
                if (LoadLibraryW(file) == IntPtr.Zero)
                    throw new Win32Exception(Marshal.GetLastWin32Error(), "FundMail cannot load its native library " + file);
            }
        }

        [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr LoadLibraryW(string path);
    }
}
