using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace FundMail.PowerShell.Infrastructure
{
    /// <summary>
    /// -Path and -LiteralPath as Get-Content takes them: wildcards expand, PSDrives and provider-qualified paths resolve,
    /// and only file system paths are accepted. Each problem is a non-terminating error on that path, so the others go on.
    /// </summary>
    internal static class FilePaths
    {
        public static IReadOnlyList<string> Resolve(PSCmdlet cmdlet, string path, bool literal)
        {
            try
            {
                // A file whose own name holds [ ] (attachments like "[공지] 보고서.pdf", piped from Save-FundMailDb by their
                // Path) is taken as named even through -Path: as a pattern it would match something else or nothing.
                if (literal || (WildcardPattern.ContainsWildcardCharacters(path) && ExistsLiterally(cmdlet, path)))
                    return Literal(cmdlet, path);
                var resolved = cmdlet.GetResolvedProviderPathFromPSPath(path, out var provider);
                if (!IsFileSystem(cmdlet, provider, path))
                    return Array.Empty<string>();
                if (resolved.Count == 0)
                    cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException("no file matches '" + path + "'; check the folder and the pattern"),
                        "FundMailPathNotFound", ErrorCategory.ObjectNotFound, path));
                return resolved;
            }
            catch (SessionStateException e)
            {
                cmdlet.WriteError(new ErrorRecord(e, "FundMailPathNotFound", ErrorCategory.ObjectNotFound, path));
                return Array.Empty<string>();
            }
        }

        private static IReadOnlyList<string> Literal(PSCmdlet cmdlet, string path)
        {
            var resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            if (!IsFileSystem(cmdlet, provider, path))
                return Array.Empty<string>();
            if (File.Exists(resolved) || Directory.Exists(resolved))
                return new[] { resolved };
            cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException("cannot find '" + resolved + "': it does not exist"),
                "FundMailPathNotFound", ErrorCategory.ObjectNotFound, path));
            return Array.Empty<string>();
        }

        private static bool ExistsLiterally(PSCmdlet cmdlet, string path)
        {
            var resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            return provider.Name == "FileSystem" && File.Exists(resolved);
        }

        private static bool IsFileSystem(PSCmdlet cmdlet, ProviderInfo provider, string path)
        {
            if (provider.Name == "FileSystem")
                return true;
            cmdlet.WriteError(new ErrorRecord(new ArgumentException(path + " is a " + provider.Name + " path; give a file system path"),
                "FundMailNotAFileSystemPath", ErrorCategory.InvalidArgument, path));
            return false;
        }
    }
}
