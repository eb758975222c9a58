using System.IO;

namespace FundMail.Util
{
    /// <summary>FundMail's own scratch space in the system temp folder: files there may be moved and deleted freely.</summary>
    public static class ScratchDirectories
    {
        public static string Temp { get; } = Path.Combine(Path.GetTempPath(), "FundMail");
    }
}
