using System;
using System.IO;
using System.Linq;

namespace FundMail.Bench.Upload
{
    /// <summary>
    /// The upload benchmark's local files, deterministic and incompressible: many small files (10–190 KB, about
    /// 100 KB each: 2,000 ≈ 200 MB, like a day of attachments) and one big file in a folder of its own.
    /// </summary>
    internal sealed record UploadData(string SmallDir, int SmallFiles, long SmallBytes, string BigDir, long BigBytes)
    {
        public static UploadData Create(string root, int files, int bigMegabytes, int seed)
        {
            var small = Path.Combine(root, "small");
            Directory.CreateDirectory(small);
            long smallBytes = 0;
            for (var i = 0; i < files; i++)
            {
                var random = new Random(unchecked(seed * 17 + i));
                var data = new byte[random.Next(10_000, 190_001)];
                random.NextBytes(data);
                File.WriteAllBytes(Path.Combine(small, $"file{i:D5}.bin"), data);
                smallBytes += data.Length;
            }
            var big = Path.Combine(root, "big");
            Directory.CreateDirectory(big);
            var block = new byte[1 << 20];
            var bigRandom = new Random(seed);
            using (var file = new FileStream(Path.Combine(big, "big.bin"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                for (var i = 0; i < bigMegabytes; i++)
                {
                    bigRandom.NextBytes(block);
                    file.Write(block, 0, block.Length);
                }
            return new UploadData(small, files, smallBytes, big, (long)bigMegabytes << 20);
        }
    }
}
