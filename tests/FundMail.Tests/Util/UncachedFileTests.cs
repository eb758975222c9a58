using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Util
{
    public class UncachedFileTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "fm-uncached-" + Guid.NewGuid().ToString("N"));

        public UncachedFileTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public void Large_files_bypass_the_page_cache_on_Linux_and_small_ones_do_not()
        {
            var onLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux)
                && (RuntimeInformation.ProcessArchitecture == Architecture.X64 || RuntimeInformation.ProcessArchitecture == Architecture.Arm64);
            Assert.Equal(onLinux, DirectIo.IsSupported);
            using (var large = UncachedFile.CreateNew(Path.Combine(_dir, "large"), UncachedFile.MinimumBytes))
                Assert.Equal(onLinux, large is DirectFileWriter);
            using (var small = UncachedFile.CreateNew(Path.Combine(_dir, "small"), UncachedFile.MinimumBytes - 1))
                Assert.IsType<FileStream>(small);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(4095)]
        [InlineData(4096)]
        [InlineData(4097)]
        [InlineData(1024 * 1024 - 1)]
        [InlineData(1024 * 1024)]
        [InlineData(1024 * 1024 + 1)]
        [InlineData(3 * 1024 * 1024 + 12345)]
        public async Task Bytes_written_in_uneven_pieces_come_back_exactly(int size)
        {
            var data = Bytes(size, seed: size);
            var syncPath = Path.Combine(_dir, "sync.bin");
            using (var output = UncachedFile.CreateNew(syncPath, UncachedFile.MinimumBytes))
                await WriteInPieces(data, (b, o, c) => { output.Write(b, o, c); return Task.CompletedTask; }); // Write: the sync path
            var asyncPath = Path.Combine(_dir, "async.bin");
            using (var output = UncachedFile.CreateNew(asyncPath, UncachedFile.MinimumBytes))
                await WriteInPieces(data, (b, o, c) => output.WriteAsync(b, o, c));

            Assert.Equal(data, File.ReadAllBytes(syncPath));
            Assert.Equal(data, File.ReadAllBytes(asyncPath));
            Assert.Equal(data, UncachedFile.ReadAllBytes(syncPath));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(4096)]
        [InlineData(4096 * 5)]
        [InlineData(4096 * 5 + 7)]
        [InlineData(2 * 1024 * 1024 + 3)]
        public void The_direct_reader_returns_every_byte_across_blocks_read_ahead(int size)
        {
            if (!DirectIo.IsSupported) return;
            var data = Bytes(size, seed: 7);
            var path = Path.Combine(_dir, "read.bin");
            File.WriteAllBytes(path, data);

            var fd = DirectIo.TryOpenRead(path);
            Assert.NotNull(fd);
            using var input = new DirectFileReader(fd!.Value, path, size, blockSize: 4096);
            var back = new MemoryStream();
            var random = new Random(size);
            var piece = new byte[10000];
            int read;
            while ((read = input.Read(piece, 0, random.Next(1, piece.Length))) > 0)
                back.Write(piece, 0, read);
            Assert.Equal(data, back.ToArray());
            Assert.Equal(size, input.Position);
            Assert.Equal(0, input.Read(piece, 0, piece.Length));
        }

        [Fact]
        public void Flush_puts_what_was_written_so_far_in_the_file_and_writing_goes_on()
        {
            var path = Path.Combine(_dir, "flushed.bin");
            var data = Bytes(1024 * 1024 + 5000, seed: 3);
            using (var output = UncachedFile.CreateNew(path, UncachedFile.MinimumBytes))
            {
                output.Write(data, 0, 1000);
                output.Flush();
                Assert.Equal(data.AsSpan(0, 1000).ToArray(), ReadShared(path));
                output.Write(data, 1000, data.Length - 1000);
                output.Flush();
                Assert.Equal(data, ReadShared(path));
            }
            Assert.Equal(data, File.ReadAllBytes(path));
        }

        [Fact]
        public void An_existing_file_is_never_replaced_and_the_error_names_it()
        {
            var path = Path.Combine(_dir, "taken.bin");
            File.WriteAllText(path, "keep me");
            var error = Assert.ThrowsAny<IOException>(() => UncachedFile.CreateNew(path, UncachedFile.MinimumBytes).Dispose());
            Assert.Contains(path, error.Message);
            Assert.Equal("keep me", File.ReadAllText(path));
        }

        [Fact]
        public void A_missing_file_fails_to_open_naming_it()
        {
            var path = Path.Combine(_dir, "missing.bin");
            var error = Assert.ThrowsAny<IOException>(() => UncachedFile.OpenRead(path));
            Assert.Contains("missing.bin", error.Message);
        }

        [Fact]
        public void On_a_file_system_that_refuses_direct_io_files_are_written_and_read_through_the_cache()
        {
            // ramfs has no direct I/O: open(O_DIRECT) creates the file, then fails with EINVAL.
            WithMount("ramfs", null, mountPoint =>
            {
                var path = Path.Combine(mountPoint, "mail.eml");
                var data = Bytes(1024 * 1024 + 17, seed: 11);
                using (var output = UncachedFile.CreateNew(path, UncachedFile.MinimumBytes))
                {
                    Assert.IsType<FileStream>(output);
                    output.Write(data, 0, data.Length);
                }
                using (var input = UncachedFile.OpenRead(path))
                    Assert.IsType<FileStream>(input);
                Assert.Equal(data, UncachedFile.ReadAllBytes(path));
                Assert.Equal(new[] { path }, Directory.GetFiles(mountPoint));
            });
        }

        [Fact]
        public void A_full_disk_fails_the_write_naming_the_file_and_the_reason()
        {
            WithMount("tmpfs", "size=1m", mountPoint =>
            {
                var path = Path.Combine(mountPoint, "big.part");
                var data = Bytes(3 * 1024 * 1024, seed: 5);
                var error = Assert.ThrowsAny<IOException>(() =>
                {
                    using var output = UncachedFile.CreateNew(path, UncachedFile.MinimumBytes);
                    Assert.IsType<DirectFileWriter>(output);
                    output.Write(data, 0, data.Length);
                });
                Assert.Contains(path, error.Message);
                Assert.Contains("No space left on device", error.Message);
            });
        }

        /// <summary>Runs the body on a fresh mount (needs root, which CI has; elsewhere the case has nothing to check).</summary>
        private void WithMount(string type, string? options, Action<string> body)
        {
            if (!DirectIo.IsSupported || Environment.UserName != "root") return;
            var mountPoint = Path.Combine(_dir, type);
            Directory.CreateDirectory(mountPoint);
            if (options == null) Run("mount", "-t", type, type, mountPoint);
            else Run("mount", "-t", type, "-o", options, type, mountPoint);
            try
            {
                body(mountPoint);
            }
            finally
            {
                Run("umount", mountPoint);
            }
        }

        private static void Run(string program, params string[] arguments)
        {
            var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardError = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = System.Diagnostics.Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, program + " failed: " + error);
        }

        private static async Task WriteInPieces(byte[] data, Func<byte[], int, int, Task> write)
        {
            var random = new Random(data.Length);
            for (var at = 0; at < data.Length;)
            {
                var count = Math.Min(data.Length - at, random.Next(1, 300_000));
                await write(data, at, count);
                at += count;
            }
        }

        private static byte[] ReadShared(string path)
        {
            using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var bytes = new byte[input.Length];
            input.ReadExactly(bytes);
            return bytes;
        }

        private static byte[] Bytes(int size, int seed)
        {
            var bytes = new byte[size];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }
    }
}
