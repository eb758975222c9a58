using System.Management.Automation;

namespace FundMail.PowerShell.Loading
{
    /// <summary>
    /// PowerShell runs OnImport when Import-Module loads FundMail.PowerShell.dll, before any cmdlet runs,
    /// and OnRemove on Remove-Module. Cmdlet parameters therefore use only .NET and PowerShell types:
    /// engine types appear inside method bodies, which are compiled after OnImport has run.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyLoader.Attach();

        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyLoader.Detach();
    }
}
