using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Sftp;
using FundMail.TestServers.Sshd;
using FundMail.Util;

namespace FundMail.Bench.Sftp
{
    /// <summary>
    /// Uploads one file of the given size (MB) to a fresh loopback sshd with each cipher, once with FundMail's uploader
    /// and with OpenSSH's sftp (via sshpass), best of two runs each, and prints MB/s and the ratio ours/OpenSSH
    /// (above 1 means FundMail is faster). Ours includes the SHA-256 it computes while streaming.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            var megabytes = args.Length > 0 ? int.Parse(args[0]) : 1024;
            var local = Path.Combine(Path.GetTempPath(), "fundmail-bench-" + Guid.NewGuid().ToString("N") + ".bin");
            WriteFile(local, megabytes);
            try
            {
                Console.WriteLine($"{"cipher",-32} {"FundMail MB/s",14} {"OpenSSH MB/s",13} {"ratio",7}");
                foreach (var cipher in new[] { "chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes256-ctr" })
                {
                    await using var server = await SshdServer.StartAsync(new SshdOptions { Ciphers = cipher, MACs = "hmac-sha2-256-etm@openssh.com" });
                    // Alternate and keep the best of each: the machine is shared, so single runs are noisy.
                    TimeSpan ours = TimeSpan.MaxValue, theirs = TimeSpan.MaxValue;
                    for (var run = 0; run < Runs; run++)
                    {
                        ours = Min(ours, await OursAsync(server, local));
                        theirs = Min(theirs, await OpenSshAsync(server, local));
                    }
                    var mb = megabytes * 1.0;
                    Console.WriteLine($"{cipher,-32} {mb / ours.TotalSeconds,14:F1} {mb / theirs.TotalSeconds,13:F1} {theirs.TotalSeconds / ours.TotalSeconds,7:F2}");
                }
            }
            finally
            {
                File.Delete(local);
            }
            return 0;
        }

        private const int Runs = 2;

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        private static async Task<TimeSpan> OursAsync(SshdServer server, string local)
        {
            var options = new SftpConnectOptions
            {
                Host = server.Host, Port = server.Port, User = SshdServer.User, Password = new Secret(SshdServer.Password),
                HostKeyFingerprints = new[] { await server.FingerprintAsync("ed25519") },
            };
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            using (var session = await SftpClient.ConnectAsync(options, CancellationToken.None))
                await new SftpUploader(session).UploadAsync(local, "ours.bin", CancellationToken.None);
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.Error.WriteLine($"  FundMail {options.Port}: {clock.Elapsed.TotalSeconds:F1} s wall, {used.TotalSeconds:F1} s CPU");
            return clock.Elapsed;
        }

        private static async Task<TimeSpan> OpenSshAsync(SshdServer server, string local)
        {
            var knownHosts = Path.Combine(server.Directory, "known_hosts");
            File.WriteAllText(knownHosts, "[127.0.0.1]:" + server.Port + " " + server.PublicKeyLine("ed25519") + "\n");
            var batch = Path.Combine(server.Directory, "batch");
            File.WriteAllText(batch, "put " + local + " theirs.bin\n");
            var clock = Stopwatch.StartNew();
            await SshdServer.RunAsync("sshpass", "-p " + SshdServer.Password + " sftp -o BatchMode=no -b " + batch +
                " -o UserKnownHostsFile=" + knownHosts + " -o HostKeyAlgorithms=ssh-ed25519 -o PubkeyAuthentication=no -P " + server.Port +
                " " + SshdServer.User + "@127.0.0.1");
            return clock.Elapsed;
        }

        private static void WriteFile(string path, int megabytes)
        {
            var random = new Random(42);
            var block = new byte[1 << 20];
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                for (var i = 0; i < megabytes; i++)
                {
                    random.NextBytes(block);
                    file.Write(block, 0, block.Length);
                }
        }
    }
}
