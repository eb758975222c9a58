namespace FundMail.Pwsh
{
    /// <summary>pwsh's own entry point: the console host, its arguments and exit codes exactly as in PowerShell 7.</summary>
    internal static class Program
    {
        private static int Main(string[] args) => Microsoft.PowerShell.UnmanagedPSEntry.Start(args, args.Length);
    }
}
