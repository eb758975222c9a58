using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace FundMail.PowerShell.Loading
{
    /// <summary>
    /// PowerShell 7 (.NET): the engine and every dependency the runtime does not itself provide load into a
    /// private AssemblyLoadContext, so another module's MSAL (Microsoft.Graph, ExchangeOnlineManagement) in the
    /// host's context never meets ours. Each of our assemblies is loaded into that context by path up front:
    /// a context answers a reference from its own loaded assemblies before asking the default context, so the
    /// engine's reference to MSAL binds to our copy whatever version the host holds. The host's context gets
    /// from us only what the cmdlet assembly itself references (the engine). Native libraries are resolved
    /// per assembly from runtimes/RID/native, ahead of the host's deps.json and the system search path.
    /// </summary>
    /// <remarks>
    /// The module is built for netstandard2.0 so that one set of files also loads in Windows PowerShell 5.1,
    /// and netstandard2.0 has no AssemblyLoadContext: the few members used are reached by reflection, all in
    /// this one class, which runs only on .NET (Core).
    /// </remarks>
    internal sealed class CoreDependencies : IDependencyIsolation
    {
        public const string ContextName = "FundMail";

        private readonly ModuleLayout _layout;
        private readonly object _hostContext;
        private readonly EventInfo _resolvingEvent;
        private readonly Delegate _resolvingHandler;
        private readonly Dictionary<string, Assembly> _isolated = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _cmdletReferences;
        private readonly Dictionary<string, IntPtr> _nativeHandles = new Dictionary<string, IntPtr>(StringComparer.Ordinal);
        private readonly MethodInfo _loadNative;

        public CoreDependencies(ModuleLayout layout, Assembly cmdletAssembly)
        {
            _layout = layout;
            var contextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: true)!;
            var nativeLibrary = Type.GetType("System.Runtime.InteropServices.NativeLibrary, System.Runtime.InteropServices", throwOnError: true)!;
            var resolverType = Type.GetType("System.Runtime.InteropServices.DllImportResolver, System.Runtime.InteropServices", throwOnError: true)!;

            _hostContext = contextType.GetMethod("GetLoadContext", new[] { typeof(Assembly) })!.Invoke(null, new object[] { cmdletAssembly })!;
            _cmdletReferences = new HashSet<string>(cmdletAssembly.GetReferencedAssemblies().Select(r => r.Name!), StringComparer.OrdinalIgnoreCase);
            _loadNative = nativeLibrary.GetMethod("Load", new[] { typeof(string) })!;

            var context = Activator.CreateInstance(contextType, ContextName, false)!;
            var loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!;
            var setResolver = nativeLibrary.GetMethod("SetDllImportResolver", new[] { typeof(Assembly), resolverType })!;
            var nativeResolver = Delegate.CreateDelegate(resolverType, this, GetType().GetMethod(nameof(ResolveNative), BindingFlags.NonPublic | BindingFlags.Instance)!);

            if (!Directory.Exists(layout.DepsDirectory))
                throw new DirectoryNotFoundException("FundMail's dependency folder is missing: " + layout.DepsDirectory);
            foreach (var file in Directory.GetFiles(layout.DepsDirectory, "*.dll"))
            {
                var name = AssemblyName.GetAssemblyName(file);
                if (RuntimeProvides(name))
                    continue;
                var assembly = (Assembly)loadFromPath.Invoke(context, new object[] { file })!;
                setResolver.Invoke(null, new object[] { assembly, nativeResolver });
                _isolated[name.Name!] = assembly;
            }

            _resolvingEvent = contextType.GetEvent("Resolving")!;
            _resolvingHandler = Delegate.CreateDelegate(_resolvingEvent.EventHandlerType!, this, GetType().GetMethod(nameof(OnHostResolving), BindingFlags.NonPublic | BindingFlags.Instance)!);
        }

        public void Attach() => _resolvingEvent.AddEventHandler(_hostContext, _resolvingHandler);

        public void Detach() => _resolvingEvent.RemoveEventHandler(_hostContext, _resolvingHandler);

        // Signature matches Func<AssemblyLoadContext, AssemblyName, Assembly?>; the context arrives as object.
        private Assembly? OnHostResolving(object context, AssemblyName name)
        {
            if (name.Name == null || !_cmdletReferences.Contains(name.Name))
                return null;
            return _isolated.TryGetValue(name.Name, out var assembly) ? assembly : null;
        }

        // Signature matches DllImportResolver. IntPtr.Zero hands the name back to the runtime's own search.
        private IntPtr ResolveNative(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        {
            lock (_nativeHandles)
            {
                if (_nativeHandles.TryGetValue(libraryName, out var handle))
                    return handle;
                var file = _layout.NativeFile(libraryName);
                if (file == null)
                    return IntPtr.Zero;
                handle = (IntPtr)_loadNative.Invoke(null, new object[] { file })!;
                _nativeHandles[libraryName] = handle;
                return handle;
            }
        }

        // What the running .NET itself ships (System.Memory, System.Text.Json on a new enough runtime) must come
        // from the runtime: the netstandard2.0 copies define their own Span and friends, which would not mix.
        private static bool RuntimeProvides(AssemblyName name)
        {
            var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var candidate = Path.Combine(runtimeDirectory, name.Name + ".dll");
            return File.Exists(candidate) && AssemblyName.GetAssemblyName(candidate).Version >= name.Version;
        }
    }
}
