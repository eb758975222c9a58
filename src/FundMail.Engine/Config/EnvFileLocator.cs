using System;
using System.IO;

namespace FundMail.Config
{
    /// <summary>
    /// Finds the .env file a command uses: the one named explicitly, else ./.env, else $FUNDMAIL_ENV.
    /// A file named explicitly (or by FUNDMAIL_ENV) must exist; an absent ./.env just moves on.
    /// </summary>
    public static class EnvFileLocator
    {
        public const string EnvironmentVariable = "FUNDMAIL_ENV";

        /// <returns>The full path of the file to read, or null when none is configured (process environment only).</returns>
        public static string? Locate(string? explicitPath, string currentDirectory)
        {
            if (!string.IsNullOrWhiteSpace(explicitPath))
                return MustExist(Path.GetFullPath(Path.Combine(currentDirectory, explicitPath)), "the env file given on the command line");

            var local = Path.Combine(currentDirectory, ".env");
            if (File.Exists(local))
                return local;

            var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
                return MustExist(Path.GetFullPath(Path.Combine(currentDirectory, fromEnvironment)), "the env file named by $" + EnvironmentVariable);

            return null;
        }

        private static string MustExist(string path, string what)
        {
            if (!File.Exists(path))
                throw new ConfigException(new[] { new ConfigProblem("env file", what + " does not exist: " + path) }, null);
            return path;
        }
    }
}
