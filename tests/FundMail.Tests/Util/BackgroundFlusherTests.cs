using System;
using System.IO;
using FundMail.Util;
using Xunit;

namespace FundMail.Tests.Util
{
    public class BackgroundFlusherTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "fm-flusher-" + Guid.NewGuid().ToString("N"));

        public BackgroundFlusherTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public void Every_file_handed_over_is_flushed_before_WaitAll_returns()
        {
            using var flusher = new BackgroundFlusher(3);
            for (var i = 0; i < 50; i++)
            {
                var path = Path.Combine(_dir, i + ".bin");
                File.WriteAllBytes(path, new byte[i * 100]);
                flusher.Add(path);
            }
            flusher.WaitAll();
            Assert.Throws<InvalidOperationException>(() => flusher.Add(Path.Combine(_dir, "late.bin")));
        }

        [Fact]
        public void A_file_that_cannot_be_flushed_fails_WaitAll_naming_it()
        {
            using var flusher = new BackgroundFlusher(2);
            var good = Path.Combine(_dir, "good.bin");
            File.WriteAllBytes(good, new byte[10]);
            flusher.Add(good);
            var gone = Path.Combine(_dir, "gone.bin");
            flusher.Add(gone);

            var error = Assert.Throws<IOException>(() => flusher.WaitAll());
            Assert.Contains(gone, error.Message);
        }
    }
}
