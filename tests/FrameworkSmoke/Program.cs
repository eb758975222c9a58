using System;
using System.Collections;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.FrameworkSmoke
{
    /// <summary>
    /// `mono FrameworkSmoke.exe MODULE_DIR ENV_FILE`: loads FundMail.PowerShell.dll from the module folder by path,
    /// attaches its dependency loader as the module initializer does on import (on .NET Framework and Mono that is
    /// DesktopDependencies: AssemblyResolve from deps/), then runs one cycle like Invoke-FundMailCycle and prints
    /// what it stored and uploaded. Engine types are reached by name only, so each one comes through that resolver.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: FrameworkSmoke.exe MODULE_DIR ENV_FILE");
                return 2;
            }
            Console.WriteLine("runtime: " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
            var cmdlets = Assembly.LoadFrom(Path.Combine(args[0], "FundMail.PowerShell.dll"));
            var loader = cmdlets.GetType("FundMail.PowerShell.Loading.DependencyLoader", throwOnError: true);
            Console.WriteLine("desktop path: " + loader.GetProperty("RunsOnDotNetFramework").GetValue(null));
            loader.GetMethod("Attach").Invoke(null, null);
            return RunCycle(args[1]);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int RunCycle(string envFile)
        {
            var engine = Assembly.Load("FundMail.Engine");
            Console.WriteLine("engine: " + engine.Location);
            var source = engine.GetType("FundMail.Config.ConfigSource", true).GetMethod("Load").Invoke(null, new object[] { envFile, Path.GetDirectoryName(envFile) });
            var settings = engine.GetType("FundMail.Config.CycleSettings", true).GetMethod("Read").Invoke(null, new[] { source });
            var app = Property(Property(settings, "Mailbox"), "App");
            var baseDir = (string)Property(Property(Property(settings, "Store"), "Layout"), "BaseDir");
            var tokens = (IDisposable)Activator.CreateInstance(engine.GetType("FundMail.Auth.CachedTokenProvider", true), app, baseDir);
            var log = Activator.CreateInstance(engine.GetType("FundMail.Logging.DailyFileLog", true), baseDir);
            using (tokens)
            {
                var run = (Task)engine.GetType("FundMail.Cycle.CycleRunner", true).GetMethod("RunAsync")
                    .Invoke(null, new[] { settings, tokens, log, CancellationToken.None });
                run.GetAwaiter().GetResult();
                var report = Property(run, "Result");
                Console.WriteLine("report: " + report);
                Console.WriteLine("stored: " + Property(report, "MailsStored") + " in " + Property(report, "DbPath"));
                foreach (var file in (IEnumerable)Property(report, "Uploaded"))
                    Console.WriteLine("uploaded: " + Property(file, "RemotePath") + " (" + Property(file, "Bytes") + " bytes)");
                // Which of the module's files served this run: the Framework fallbacks show up here (MailKit, MimeKit,
                // BouncyCastle, CodePages, MSAL, SQLitePCLRaw).
                foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
                {
                    if (!assembly.IsDynamic && assembly.Location.StartsWith(Path.GetDirectoryName(engine.Location), StringComparison.Ordinal))
                        Console.WriteLine("loaded from deps/: " + assembly.GetName());
                }
                var error = Property(report, "UploadError");
                if (error != null)
                    Console.WriteLine("upload error: " + error);
                return error == null ? 0 : 1;
            }
        }

        private static object Property(object target, string name) => target.GetType().GetProperty(name).GetValue(target);
    }
}
