using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using FundMail.PowerShell.Loading;

namespace FundMail.Tests.Module
{
    /// <summary>
    /// A cmdlet as PowerShell sees it, read from attribute metadata (CustomAttributeData): PowerShellStandard's
    /// System.Management.Automation loads here, but its attribute classes are stubs whose properties hold nothing.
    /// </summary>
    public sealed class CmdletMetadata
    {
        private CmdletMetadata(Type type, CustomAttributeData cmdlet)
        {
            Type = type;
            Verb = (string)cmdlet.ConstructorArguments[0].Value!;
            Noun = (string)cmdlet.ConstructorArguments[1].Value!;
            SupportsShouldProcess = cmdlet.NamedArguments.Any(a => a.MemberName == nameof(CmdletAttribute.SupportsShouldProcess) && (bool)a.TypedValue.Value!);
            OutputTypes = Attributes(type, typeof(OutputTypeAttribute))
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(a => a.Value is ReadOnlyCollection<CustomAttributeTypedArgument> list ? list.Select(i => i.Value) : new[] { a.Value })
                .Select(v => v is Type t ? t.FullName! : (string)v!)
                .ToList();
            Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => Attributes(p, typeof(ParameterAttribute)).Any())
                .ToList();
        }

        public Type Type { get; }
        public string Verb { get; }
        public string Noun { get; }
        public string Name => Verb + "-" + Noun;
        public bool SupportsShouldProcess { get; }

        /// <summary>Full type names, or the PSTypeNames given as strings.</summary>
        public IReadOnlyList<string> OutputTypes { get; }

        public IReadOnlyList<PropertyInfo> Parameters { get; }

        public static Assembly CmdletAssembly => typeof(ModuleInitializer).Assembly;

        public static IReadOnlyList<CmdletMetadata> All() =>
            CmdletAssembly.GetTypes()
                .Select(t => (Type: t, Cmdlet: Attributes(t, typeof(CmdletAttribute)).SingleOrDefault()))
                .Where(c => c.Cmdlet != null)
                .Select(c => new CmdletMetadata(c.Type, c.Cmdlet!))
                .OrderBy(c => c.Name)
                .ToList();

        private static IEnumerable<CustomAttributeData> Attributes(MemberInfo member, Type attribute) =>
            member.GetCustomAttributesData().Where(a => a.AttributeType == attribute);
    }
}
