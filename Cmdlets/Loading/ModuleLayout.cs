using System;
using System.IO;
using System.Runtime.InteropServices;

namespace FundMail.PowerShell.Loading
{
    /// <summary>
    /// Where the module keeps what it loads: the cmdlet assembly in the module folder, the engine and
    /// its managed dependencies in deps/ (out of PowerShell's own probing), native SQLite in runtimes/RID/native/.
    /// </summary>
    internal sealed class ModuleLayout
    {
        public const string DepsFolder = "deps";

        public ModuleLayout(string moduleDirectory)
        {
            ModuleDirectory = moduleDirectory;
            DepsDirectory = Path.Combine(moduleDirectory, DepsFolder);
            NativeDirectory = Path.Combine(moduleDirectory, "runtimes", CurrentRuntimeIdentifier(), "native");
        }

        public string ModuleDirectory { get; }
        public string DepsDirectory { get; }
        public string NativeDirectory { get; }

        public static ModuleLayout ForAssembly(System.Reflection.Assembly cmdletAssembly)
        {
            return new ModuleLayout(Path.GetDirectoryName(cmdletAssembly.Location)!);
        }

        /// <summary>The file for a managed assembly the module ships, or null when it ships none of that name.</summary>
        public string? ManagedFile(string assemblyName)
        {
            var path = Path.Combine(DepsDirectory, assemblyName + ".dll");
            return File.Exists(path) ? path : null;
        }

        /// <summary>The file of a native library for this process (e_sqlite3 -> libe_sqlite3.so on Linux), or null.</summary>
        public string? NativeFile(string libraryName)
        {
            foreach (var candidate in NativeFileNames(libraryName))
            {
                var path = Path.Combine(NativeDirectory, candidate);
                if (File.Exists(path))
                    return path;
            }
            return null;
        }

        private static string[] NativeFileNames(string name)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return new[] { name + ".dll", name };
            var extension = RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? ".dylib" : ".so";
            return new[] { "lib" + name + extension, name + extension, name };
        }

        /// <summary>The runtimes/ folder name matching this OS and process architecture (the RIDs the module ships).</summary>
        public static string CurrentRuntimeIdentifier()
        {
            string os;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                os = "win";
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
                os = "osx";
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                os = "linux";
            else
                throw new PlatformNotSupportedException("FundMail ships native SQLite for Windows, Linux and macOS only, not for " + RuntimeInformation.OSDescription + ".");

            switch (RuntimeInformation.ProcessArchitecture)
            {
                case Architecture.X64: return os + "-x64";
                case Architecture.X86: return os + "-x86";
                case Architecture.Arm64: return os + "-arm64";
                default:
                    throw new PlatformNotSupportedException("FundMail ships native SQLite for x64, x86 and arm64 processes, not for " + RuntimeInformation.ProcessArchitecture + ".");
            }
        }
    }
}
