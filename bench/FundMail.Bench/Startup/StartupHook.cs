/// <summary>
/// .NET startup hook (DOTNET_STARTUP_HOOKS names this assembly): in the module tests' FakeHost process, runs
/// <see cref="FundMail.Bench.Startup.ImportProbe"/> instead of the FakeHost's own Main. Does nothing elsewhere.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (System.Environment.GetEnvironmentVariable(FundMail.Bench.Startup.ImportProbe.ModuleVariable) != null)
            FundMail.Bench.Startup.ImportProbe.Run();
    }
}
