using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FundMail.Cycle;
using FundMail.Sftp;
using FundMail.Tests.Sftp;

namespace FundMail.Tests.Interop
{
    /// <summary>
    /// A batch as the cycle ships it: a day folder of mail and attachment files (empty, window-sized, a Korean name, a
    /// few MB), then its DB, each with the remote path it goes to under a folder of its own.
    /// </summary>
    internal sealed class InteropBatch : IDisposable
    {
        private static readonly long[] Sizes = { 0, 1, 32_767, 32_768, 32_769, 262_144, 3_000_000 };

        private InteropBatch(string local, string remoteFolder, List<ShipItem> items)
        {
            LocalDirectory = local;
            RemoteFolder = remoteFolder;
            Items = items;
        }

        public string LocalDirectory { get; }
        public string RemoteFolder { get; }
        public IReadOnlyList<ShipItem> Items { get; }

        /// <summary>Remote paths as the client sends them (relative to the login folder), the DB last.</summary>
        public IReadOnlyList<UploadRequest> Requests => Items.Select(i => new UploadRequest(i.LocalPath, RemoteFolder + "/" + i.RelativeRemotePath)).ToList();

        public string DbRemotePath => Requests[^1].RemotePath;

        public static InteropBatch Create(string prefix, int mails = 24)
        {
            var local = Directory.CreateTempSubdirectory("fm-interop-batch-").FullName;
            Directory.CreateDirectory(Path.Combine(local, "2026_11_22"));
            var items = new List<ShipItem>();
            for (var i = 0; i < mails; i++)
                items.Add(Item(local, "2026_11_22/m" + i + ".eml", i < Sizes.Length ? Sizes[i] : 10_000 + i * 7_919, i));
            items.Add(Item(local, "2026_11_22/운용보고서_" + mails + ".pdf", 150_000, mails));
            items.Add(Item(local, "fm_2026_11_22_1200.db", 400_000, 999));
            return new InteropBatch(local, prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8), items);
        }

        private static ShipItem Item(string local, string relative, long size, int seed)
        {
            var path = Path.Combine(local, relative);
            File.Move(SftpTestFiles.Create(size, seed), path);
            return new ShipItem(path, relative);
        }

        public void Dispose() => Directory.Delete(LocalDirectory, true);
    }
}
