using System;
using System.Diagnostics;
using System.IO;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Util
{
    /// <summary>The scratch space off Windows: a folder only this user may enter, mail files only this user may read.</summary>
    public class ScratchSpaceTests : IDisposable
    {
        private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        private readonly string _dir = Directory.CreateTempSubdirectory("fm-scratch-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public void The_scratch_folder_is_private_to_this_user()
        {
            if (OperatingSystem.IsWindows()) return; // %TEMP% is per user there
            var root = ScratchDirectories.Prepare();
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(root));
            Assert.Equal(OwnerOnly.UserId, Owner(root));
        }

        [Theory]
        [InlineData(100)]
        [InlineData(UncachedFile.MinimumBytes)] // written around the page cache
        public void A_file_spooled_in_a_session_is_readable_by_its_owner_only(long size)
        {
            if (OperatingSystem.IsWindows()) return;
            var path = Path.Combine(ScratchSpool.NewSession(), "fetch-test.eml");
            using (var file = UncachedFile.CreateNew(path, size))
                Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path)); // already while it is being written
            File.Delete(path);
        }

        [Fact]
        public void Files_outside_the_scratch_space_keep_the_usual_mode()
        {
            if (OperatingSystem.IsWindows()) return;
            var path = Path.Combine(_dir, "stored.eml");
            using (UncachedFile.CreateNew(path, 100)) { }
            Assert.Equal((UnixFileMode)(0x1B6 & ~Umask()), File.GetUnixFileMode(path)); // 0666 less the umask, as before
        }

        [Fact]
        public void A_new_folder_is_created_0700_and_an_own_open_one_is_closed()
        {
            if (OperatingSystem.IsWindows()) return;
            var fresh = Path.Combine(_dir, "fresh");
            OwnerOnly.CreatePrivateDirectory(fresh);
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(fresh));

            var open = Directory.CreateDirectory(Path.Combine(_dir, "open"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                                                             | UnixFileMode.OtherRead | UnixFileMode.OtherExecute).FullName;
            OwnerOnly.CreatePrivateDirectory(open);
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(open));
        }

        [Fact]
        public void A_link_in_place_of_the_folder_is_refused()
        {
            if (OperatingSystem.IsWindows()) return;
            var target = Directory.CreateDirectory(Path.Combine(_dir, "elsewhere")).FullName;
            var link = Path.Combine(_dir, "fundmail");
            File.CreateSymbolicLink(link, target);
            var error = Assert.Throws<IOException>(() => OwnerOnly.CreatePrivateDirectory(link));
            Assert.Contains("symbolic link", error.Message);
            Assert.Contains(link, error.Message);
        }

        [Fact]
        public void Another_users_folder_is_refused()
        {
            if (OperatingSystem.IsWindows() || OwnerOnly.UserId != 0) return; // only root can give a folder away
            var theirs = Directory.CreateDirectory(Path.Combine(_dir, "theirs")).FullName;
            Run("chown", "65534", theirs);
            var error = Assert.Throws<IOException>(() => OwnerOnly.CreatePrivateDirectory(theirs));
            Assert.Contains("belongs to user id 65534", error.Message);
            Assert.NotEqual(OwnerOnlyFolder, File.GetUnixFileMode(theirs));
        }

        private static uint Owner(string path) => uint.Parse(Run("stat", "-c", "%u", path));

        private static int Umask() => Convert.ToInt32(Run("sh", "-c", "umask"), 8);

        private static string Run(string file, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return output;
        }
    }
}
