using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using FundMail.Sftp;
using FundMail.TestServers.Sshd;
using FundMail.Util;

namespace FundMail.Tests.Sftp
{
    /// <summary>Local files with pseudo-random content, and connect options for a test sshd.</summary>
    internal static class SftpTestFiles
    {
        public static string Create(long size, int seed = 1, string? directory = null)
        {
            var path = Path.Combine(directory ?? Path.GetTempPath(), "fundmail-up-" + Guid.NewGuid().ToString("N") + ".bin");
            var random = new Random(seed);
            var block = new byte[1 << 20];
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                for (long left = size; left > 0; left -= block.Length)
                {
                    random.NextBytes(block);
                    file.Write(block, 0, (int)Math.Min(block.Length, left));
                }
            }
            return path;
        }

        public static string Sha256(string path)
        {
            using (var sha = SHA256.Create())
            using (var file = File.OpenRead(path))
                return Convert.ToHexString(sha.ComputeHash(file)).ToLowerInvariant();
        }

        public static SftpConnectOptions Options(SshdServer server, string fingerprint) => new SftpConnectOptions
        {
            Host = server.Host,
            Port = server.Port,
            User = SshdServer.User,
            Password = new Secret(SshdServer.Password),
            HostKeyFingerprints = new[] { fingerprint },
            ConnectTimeout = TimeSpan.FromSeconds(20),
            OperationTimeout = TimeSpan.FromSeconds(30),
        };

        public static CancellationToken Timeout(int seconds = 120) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
    }
}
