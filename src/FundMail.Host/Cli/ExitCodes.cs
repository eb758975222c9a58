namespace FundMail.Host.Cli
{
    /// <summary>Exit codes a scheduler or script can act on; README lists them.</summary>
    internal static class ExitCodes
    {
        public const int Success = 0;
        public const int Failure = 1;
        public const int Usage = 2;
        public const int Config = 3;
        public const int Auth = 4;
        public const int Unreachable = 5;
        public const int Throttled = 6;
        public const int AlreadyRunning = 10;
    }
}
