using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Identity.Client;

namespace FundMail.FakeHost
{
    /// <summary>
    /// Usage: FundMail.FakeHost MODULE_DIR sqlite DB_FILE | MODULE_DIR msal | MODULE_DIR reimport.
    /// Imports the module like PowerShell 7 (FundMail.PowerShell.dll into the default context, then each
    /// IModuleAssemblyInitializer.OnImport), exercises it, and prints what it saw as key=value lines.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            void Fact(string key, object? value) => Console.WriteLine(key + "=" + value);
            try
            {
                var moduleDir = args[0];
                switch (args[1])
                {
                    case "sqlite":
                        Sqlite(moduleDir, args[2], Fact);
                        break;
                    case "msal":
                        Msal(moduleDir, Fact);
                        break;
                    case "reimport":
                        Reimport(moduleDir, Fact);
                        break;
                    default:
                        throw new ArgumentException("unknown scenario " + args[1]);
                }
                return 0;
            }
            catch (Exception e)
            {
                Console.WriteLine("error=" + e.ToString().Replace(Environment.NewLine, " | "));
                return 1;
            }
        }

        private static IEnumerable<object> Initializers(Assembly cmdlets) =>
            cmdlets.ExportedTypes.Where(t => typeof(IModuleAssemblyInitializer).IsAssignableFrom(t) && !t.IsAbstract).Select(Activator.CreateInstance)!;

        // Import-Module, Remove-Module, Import-Module again in one session; PowerShell may also call OnImport
        // twice for one import (a binary module that is a nested module).
        private static void Reimport(string moduleDir, Action<string, object?> fact)
        {
            var cmdlets = Import(moduleDir);
            foreach (IModuleAssemblyInitializer initializer in Initializers(cmdlets))
                initializer.OnImport();
            var first = Engine(cmdlets);
            foreach (IModuleAssemblyCleanup cleanup in Initializers(cmdlets))
                cleanup.OnRemove(null!);
            foreach (IModuleAssemblyInitializer initializer in Initializers(cmdlets))
                initializer.OnImport();
            var second = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("FundMail.Engine"));
            fact("reimport.same_engine", ReferenceEquals(first, second));
            fact("reimport.contexts", string.Join(",", AssemblyLoadContext.All.Select(c => c.Name).Where(n => n != null).OrderBy(n => n)));
        }

        private static Assembly Import(string moduleDir)
        {
            // As Import-Module does: the public types first, then each initializer's OnImport, then the cmdlets.
            var cmdlets = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(moduleDir, "FundMail.PowerShell.dll"));
            var types = cmdlets.ExportedTypes.ToArray();
            foreach (var type in types.Where(t => typeof(IModuleAssemblyInitializer).IsAssignableFrom(t) && !t.IsAbstract))
                ((IModuleAssemblyInitializer)Activator.CreateInstance(type)!).OnImport();
            foreach (var type in types.Where(t => typeof(Cmdlet).IsAssignableFrom(t) && !t.IsAbstract))
            {
                foreach (var property in type.GetProperties())
                    _ = property.PropertyType.FullName + property.GetCustomAttributes(true).Length;
                _ = type.GetCustomAttributes(true).Length;
                Activator.CreateInstance(type);
            }
            return cmdlets;
        }

        private static Assembly Engine(Assembly cmdlets)
        {
            var reference = cmdlets.GetReferencedAssemblies().Single(r => r.Name == "FundMail.Engine");
            return AssemblyLoadContext.Default.LoadFromAssemblyName(reference);
        }

        private static Assembly Dependency(Assembly from, string name)
        {
            // By the engine's own reference when it has one; by name in the engine's context otherwise.
            var reference = from.GetReferencedAssemblies().SingleOrDefault(r => r.Name == name) ?? new AssemblyName(name);
            return AssemblyLoadContext.GetLoadContext(from)!.LoadFromAssemblyName(reference);
        }

        private static void Describe(string key, Assembly assembly, Action<string, object?> fact)
        {
            fact(key + ".context", AssemblyLoadContext.GetLoadContext(assembly)?.Name);
            fact(key + ".location", assembly.Location);
            fact(key + ".version", assembly.GetName().Version);
        }

        private static void Sqlite(string moduleDir, string dbFile, Action<string, object?> fact)
        {
            var cmdlets = Import(moduleDir);
            var engine = Engine(cmdlets);
            Describe("engine", engine, fact);
            var sqlite = Dependency(engine, "Microsoft.Data.Sqlite");
            Describe("sqlite", sqlite, fact);
            fact("isolated.assemblies", string.Join(",", AssemblyLoadContext.GetLoadContext(engine)!.Assemblies.Select(a => a.GetName().Name).OrderBy(n => n)));

            const string korean = "펀드 메일 수신 확인";
            var connectionType = sqlite.GetType("Microsoft.Data.Sqlite.SqliteConnection", throwOnError: true)!;
            using (var connection = (DbConnection)Activator.CreateInstance(connectionType, "Data Source=" + dbFile)!)
            {
                connection.Open();
                Execute(connection, "CREATE TABLE mail (id INTEGER PRIMARY KEY, subject TEXT NOT NULL)");
                Execute(connection, "INSERT INTO mail (subject) VALUES ('" + korean + "')");
            }
            using (var connection = (DbConnection)Activator.CreateInstance(connectionType, "Data Source=" + dbFile)!)
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT subject FROM mail WHERE id = 1";
                fact("sqlite.roundtrip", (string)command.ExecuteScalar()! == korean);
                command.CommandText = "SELECT sqlite_version()";
                fact("sqlite.native_version", command.ExecuteScalar());
            }
            foreach (var line in File.ReadLines("/proc/self/maps").Where(l => l.Contains("e_sqlite3")).Select(l => l.Substring(l.IndexOf('/'))).Distinct())
                fact("native.mapped", line);

            // The cmdlet assembly's own code reaching the engine (AtomicFile) through the module's resolver.
            var envFile = Path.Combine(Path.GetDirectoryName(dbFile)!, ".env");
            File.WriteAllText(envFile, "# test\nCLIENT_SECRET=old\nEMAIL_ID=a@b.c\n");
            var writer = cmdlets.GetType("FundMail.PowerShell.EnvFileValueWriter", throwOnError: true)!;
            writer.GetMethod("Set", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { envFile, "CLIENT_SECRET", "dpapi:AAAA" });
            fact("cmdlet.envfile", File.ReadAllText(envFile).Replace("\n", "\\n"));
        }

        private static void Execute(DbConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static void Msal(string moduleDir, Action<string, object?> fact)
        {
            // Another module's MSAL, loaded and in use in the default context before FundMail is imported.
            var hostApp = ConfidentialClientApplicationBuilder.Create("11111111-1111-1111-1111-111111111111")
                .WithClientSecret("host-secret").WithTenantId("22222222-2222-2222-2222-222222222222").Build();
            Describe("host_msal", typeof(ConfidentialClientApplicationBuilder).Assembly, fact);

            var cmdlets = Import(moduleDir);
            var engine = Engine(cmdlets);
            var moduleMsal = Dependency(engine, "Microsoft.Identity.Client");
            Describe("module_msal", moduleMsal, fact);

            var builderType = moduleMsal.GetType("Microsoft.Identity.Client.ConfidentialClientApplicationBuilder", throwOnError: true)!;
            fact("builder_types_distinct", builderType != typeof(ConfidentialClientApplicationBuilder));
            var builder = builderType.GetMethod("Create", new[] { typeof(string) })!.Invoke(null, new object[] { "33333333-3333-3333-3333-333333333333" })!;
            builder = builderType.GetMethod("WithClientSecret", new[] { typeof(string) })!.Invoke(builder, new object[] { "module-secret" })!;
            var moduleApp = builderType.GetMethod("Build")!.Invoke(builder, null)!;
            fact("module_app.assembly_version", moduleApp.GetType().Assembly.GetName().Version);

            // The engine's own MSAL code path: MsalTokenProvider builds its confidential client in its constructor.
            var credentialsType = engine.GetType("FundMail.Auth.AppCredentials", throwOnError: true)!;
            var credentials = Activator.CreateInstance(credentialsType)!;
            credentialsType.GetProperty("TenantId")!.SetValue(credentials, "44444444-4444-4444-4444-444444444444");
            credentialsType.GetProperty("ClientId")!.SetValue(credentials, "55555555-5555-5555-5555-555555555555");
            var secretType = engine.GetType("FundMail.Util.Secret", throwOnError: true)!;
            credentialsType.GetProperty("ClientSecret")!.SetValue(credentials, Activator.CreateInstance(secretType, "engine-secret"));
            var providerType = engine.GetType("FundMail.Auth.MsalTokenProvider", throwOnError: true)!;
            var provider = Activator.CreateInstance(providerType, credentials)!;
            var appField = providerType.GetField("_app", BindingFlags.NonPublic | BindingFlags.Instance)!;
            fact("engine_app.assembly_version", appField.GetValue(provider)!.GetType().Assembly.GetName().Version);
            ((IDisposable)provider).Dispose();

            // The host's MSAL still works and is still what the default context hands out.
            var again = ConfidentialClientApplicationBuilder.Create("66666666-6666-6666-6666-666666666666")
                .WithClientSecret("host-secret-2").WithTenantId("22222222-2222-2222-2222-222222222222").Build();
            fact("host_app.works", hostApp.AppConfig.ClientId == "11111111-1111-1111-1111-111111111111" && again.AppConfig.ClientId.StartsWith("6666"));
            fact("host_default_msal.version", AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("Microsoft.Identity.Client")).GetName().Version);
        }
    }
}
