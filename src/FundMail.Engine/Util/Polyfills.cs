// Compiler support types that netstandard2.0 lacks but C# features (init, required) need.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}
