using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace FundMail.Tests.Module
{
    /// <summary>
    /// PowerShell's rules for every cmdlet the module compiles, read by reflection over FundMail.PowerShell.dll
    /// (PowerShellStandard's System.Management.Automation loads for reflection in this process).
    /// </summary>
    public sealed class CmdletContractTests
    {
        // Get-Verb of Windows PowerShell 5.1 (PowerShell 7 adds Build and Deploy, which 5.1 would warn about).
        private static readonly HashSet<string> ApprovedVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "Approve", "Assert", "Backup", "Block", "Checkpoint", "Clear", "Close", "Compare", "Complete", "Compress",
            "Confirm", "Connect", "Convert", "ConvertFrom", "ConvertTo", "Copy", "Debug", "Deny", "Disable", "Disconnect",
            "Dismount", "Edit", "Enable", "Enter", "Exit", "Expand", "Export", "Find", "Format", "Get", "Grant", "Group",
            "Hide", "Import", "Initialize", "Install", "Invoke", "Join", "Limit", "Lock", "Measure", "Merge", "Mount", "Move",
            "New", "Open", "Optimize", "Out", "Ping", "Pop", "Protect", "Publish", "Push", "Read", "Receive", "Redo",
            "Register", "Remove", "Rename", "Repair", "Request", "Reset", "Resize", "Resolve", "Restart", "Restore", "Resume",
            "Revoke", "Save", "Search", "Select", "Send", "Set", "Show", "Skip", "Split", "Start", "Step", "Stop", "Submit",
            "Suspend", "Switch", "Sync", "Test", "Trace", "Unblock", "Undo", "Uninstall", "Unlock", "Unprotect", "Unpublish",
            "Unregister", "Update", "Use", "Wait", "Watch", "Write",
        };

        // Verbs that change state or send something: -WhatIf and -Confirm must work on them.
        private static readonly HashSet<string> ChangingVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            "Save", "Send", "Invoke", "Register", "Unregister", "Protect", "Unprotect", "Set", "New", "Remove", "Clear", "Reset",
        };

        [Fact]
        public void The_module_has_cmdlets_and_each_is_a_public_sealed_PSCmdlet()
        {
            Assert.NotEmpty(CmdletMetadata.All());
            foreach (var type in CmdletMetadata.All().Select(c => c.Type))
            {
                Assert.True(type.IsPublic && type.IsSealed, type.Name + " must be public sealed");
                Assert.True(typeof(PSCmdlet).IsAssignableFrom(type), type.Name + " must derive from PSCmdlet");
                Assert.EndsWith("Command", type.Name);
            }
        }

        [Fact]
        public void Verbs_are_approved_and_nouns_singular_with_the_FundMail_prefix()
        {
            foreach (var cmdlet in CmdletMetadata.All())
            {
                Assert.True(ApprovedVerbs.Contains(cmdlet.Verb), cmdlet.Name + ": verb is not approved (Get-Verb)");
                Assert.StartsWith("FundMail", cmdlet.Noun, StringComparison.Ordinal);
                var lastWord = Regex.Match(cmdlet.Noun, "[A-Z][a-z0-9]*$").Value;
                Assert.False(Regex.IsMatch(lastWord, "[^su]s$"), cmdlet.Name + ": noun must be singular");
            }
        }

        [Fact]
        public void Each_cmdlet_declares_its_output_type()
        {
            foreach (var cmdlet in CmdletMetadata.All())
            {
                Assert.True(cmdlet.OutputTypes.Count > 0, cmdlet.Name + " has no [OutputType]");
                Assert.All(cmdlet.OutputTypes, o => Assert.False(string.IsNullOrWhiteSpace(o)));
            }
        }

        [Fact]
        public void Cmdlets_that_write_or_send_support_WhatIf_and_Confirm()
        {
            foreach (var cmdlet in CmdletMetadata.All().Where(c => ChangingVerbs.Contains(c.Verb)))
                Assert.True(cmdlet.SupportsShouldProcess, cmdlet.Name + " writes or sends: SupportsShouldProcess = true");
        }

        [Fact]
        public void Every_cmdlet_takes_an_EnvFile_path()
        {
            foreach (var cmdlet in CmdletMetadata.All())
            {
                var envFile = cmdlet.Parameters.SingleOrDefault(p => p.Name == "EnvFile");
                Assert.True(envFile != null, cmdlet.Name + " has no -EnvFile");
                Assert.Equal(typeof(string), envFile!.PropertyType);
            }
        }

        // PowerShell reads parameter types before any cmdlet runs; an engine or dependency type there could be
        // loaded into the host's context past the module's private load context.
        [Fact]
        public void Parameter_types_come_only_from_dotnet_and_PowerShell()
        {
            var allowed = new[] { typeof(object).Assembly, typeof(PSCmdlet).Assembly, typeof(System.Security.SecureString).Assembly };
            foreach (var cmdlet in CmdletMetadata.All())
            {
                foreach (var parameter in cmdlet.Parameters)
                {
                    var parameterType = Nullable.GetUnderlyingType(parameter.PropertyType) ?? parameter.PropertyType;
                    if (parameterType.IsArray)
                        parameterType = parameterType.GetElementType()!;
                    var origin = parameterType.Assembly.GetName().Name!;
                    Assert.True(allowed.Contains(parameterType.Assembly) || origin.StartsWith("System.", StringComparison.Ordinal),
                        cmdlet.Name + " -" + parameter.Name + " is of type " + parameterType.FullName + " from " + origin);
                }
            }
        }

        // Import-Module lists the assembly's public types (Assembly.ExportedTypes) before it runs OnImport, so loading
        // them must not need the engine, which only OnImport makes reachable.
        [Fact]
        public void Public_types_load_without_the_engine()
        {
            var engine = typeof(FundMail.Util.Secret).Assembly;
            foreach (var type in CmdletMetadata.CmdletAssembly.GetExportedTypes())
            {
                var loadedWithType = new List<Type>(type.GetInterfaces());
                for (var baseType = type.BaseType; baseType != null; baseType = baseType.BaseType)
                    loadedWithType.Add(baseType);
                loadedWithType.AddRange(type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                    .Select(f => f.FieldType).Where(t => t.IsValueType));
                Assert.All(loadedWithType, t => Assert.True(t.Assembly != engine, type.Name + " needs " + t.FullName + " from the engine to load"));
            }
        }

        [Fact]
        public void The_module_initializer_attaches_on_import_and_detaches_on_remove()
        {
            var initializers = CmdletMetadata.CmdletAssembly.GetTypes().Where(t => typeof(IModuleAssemblyInitializer).IsAssignableFrom(t)).ToList();
            var initializer = Assert.Single(initializers);
            Assert.True(initializer.IsPublic);
            Assert.True(typeof(IModuleAssemblyCleanup).IsAssignableFrom(initializer));
        }

        [Fact]
        public void The_cmdlet_assembly_references_no_dependency_but_the_engine()
        {
            // Everything else is reached through the engine, inside the private load context.
            var references = CmdletMetadata.CmdletAssembly.GetReferencedAssemblies().Select(r => r.Name!).ToList();
            Assert.Contains("FundMail.Engine", references);
            Assert.All(references, r => Assert.True(
                r == "FundMail.Engine" || r == "netstandard" || r == "System.Management.Automation" || r.StartsWith("System.", StringComparison.Ordinal) || r == "mscorlib",
                "FundMail.PowerShell references " + r + " directly"));
        }
    }
}
