using System;
using System.IO;
using Xunit;

namespace FundMail.Tests.Module
{
    /// <summary>One module folder built by scripts/build-module into a fresh temp folder, shared by the module tests.</summary>
    public sealed class ModuleFolderFixture : IDisposable
    {
        private readonly string _temp;

        public ModuleFolderFixture()
        {
            _temp = Path.Combine(Path.GetTempPath(), "fundmail-module-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Folder = Path.Combine(_temp, "FundMail");
            var (exitCode, output) = Repository.Run(Repository.File("scripts", "build-module"), "\"" + Folder + "\"", Repository.Root, TimeSpan.FromMinutes(4));
            if (exitCode != 0)
                throw new InvalidOperationException("scripts/build-module failed (" + exitCode + "):\n" + output);
        }

        /// <summary>The built FundMail/ module folder.</summary>
        public string Folder { get; }

        public string PathOf(params string[] parts) => Path.Combine(Folder, Path.Combine(parts));

        public void Dispose()
        {
            Directory.Delete(_temp, recursive: true);
        }
    }

    [CollectionDefinition(Name)]
    public sealed class ModuleFolderCollection : ICollectionFixture<ModuleFolderFixture>
    {
        public const string Name = "Built module folder";
    }
}
