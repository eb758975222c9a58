using System.Reflection;

namespace FundMail.Tests.Module
{
    /// <summary>Stands for an assembly loaded from a given file, as the requesting assembly of a failed lookup.</summary>
    internal sealed class LocatedAssembly : Assembly
    {
        private readonly string _location;

        public LocatedAssembly(string location)
        {
            _location = location;
        }

        public override string Location => _location;

        public override bool IsDynamic => false;
    }
}
