using System;
using System.IO;

namespace FundMail.Config
{
    /// <summary>
    /// Finds the .env file a command uses: the one named explicitly (--env, -EnvFile), else the one $FUNDMAIL_ENV names,
    /// else ./.env. A file named explicitly or by FUNDMAIL_ENV must exist; an absent ./.env just means none.
    /// </summary>
    public static class EnvFileLocator
    {
        public const string EnvironmentVariable = "FUNDMAIL_ENV";

        /// <returns>The full path of the file to read, or null when none is configured (FUNDMAIL_ variables only).</returns>
        public static string? Locate(string? explicitPath, string currentDirectory) =>
            Locate(explicitPath, currentDirectory, Environment.GetEnvironmentVariable);

        internal static string? Locate(string? explicitPath, string currentDirectory, Func<string, string?> environment)
        {
            if (!string.IsNullOrWhiteSpace(explicitPath))
                return MustExist(Path.GetFullPath(Path.Combine(currentDirectory, explicitPath)), "the env file given on the command line");

            // A file the account chose for FundMail outranks one that merely lies in whatever folder the command runs in.
            var fromEnvironment = environment(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
                return MustExist(Path.GetFullPath(Path.Combine(currentDirectory, fromEnvironment)), "the env file named by $" + EnvironmentVariable);

            var local = Path.Combine(currentDirectory, ".env");
            return File.Exists(local) ? local : null;
        }

        private static string MustExist(string path, string what)
        {
            if (!File.Exists(path))
                throw new ConfigException(new[] { new ConfigProblem("env file", what + " does not exist: " + path) }, null);
            return path;
        }
    }
}
