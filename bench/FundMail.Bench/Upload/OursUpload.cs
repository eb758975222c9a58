using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Bench.Fetch;
using FundMail.Sftp;
using FundMail.Util;

namespace FundMail.Bench.Upload
{
    /// <summary>
    /// FundMail's side of the many-files upload benchmark, run as its own process (so delaynet can wrap it like the peers):
    /// <c>ours-upload --host H --port P --user U --fingerprint SHA256:... --dir D --remote R</c>, password in
    /// FUNDMAIL_BENCH_PASSWORD. Uploads every file under D (sorted by relative path, '/'-separated; the last one is the
    /// batch's commit mark, as the DB is in a cycle) to R/relative-path with one UploadManyAsync on one session.
    /// Prints one JSON line: seconds (connect included), connect, files, bytes, cpu seconds, peak RSS.
    /// </summary>
    internal static class OursUpload
    {
        public const string Command = "ours-upload";

        public static async Task<int> RunAsync(IReadOnlyList<string> args)
        {
            var values = new Dictionary<string, string>();
            for (var i = 0; i + 1 < args.Count; i += 2)
                values[args[i]] = args[i + 1];
            string Get(string name) => values.TryGetValue(name, out var v) ? v : throw new UsageException(Command + ": missing " + name);
            var password = Environment.GetEnvironmentVariable(ChildArguments.PasswordVariable)
                ?? throw new UsageException(ChildArguments.PasswordVariable + " is not set");
            var dir = Path.GetFullPath(Get("--dir"));
            var remote = Get("--remote").TrimEnd('/');
            var requests = Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/'))
                .OrderBy(r => r, StringComparer.Ordinal)
                .Select(r => new UploadRequest(Path.Combine(dir, r), remote + "/" + r))
                .ToList();
            var options = new SftpConnectOptions
            {
                Host = Get("--host"),
                Port = int.Parse(Get("--port")),
                User = Get("--user"),
                Password = new Secret(password),
                HostKeyFingerprints = new[] { Get("--fingerprint") },
            };

            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(30));
            var clock = Stopwatch.StartNew();
            using var session = await SftpClient.ConnectAsync(options, deadline.Token);
            var connect = clock.Elapsed.TotalSeconds;
            var uploaded = await new SftpUploader(session).UploadManyAsync(requests, deadline.Token);
            var seconds = clock.Elapsed.TotalSeconds;
            using var self = Process.GetCurrentProcess();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                seconds,
                connect,
                files = uploaded.Count,
                bytes = uploaded.Sum(u => u.Bytes),
                cpu = self.TotalProcessorTime.TotalSeconds,
                peakRssMb = self.PeakWorkingSet64 / (1024.0 * 1024),
            }));
            return 0;
        }
    }
}
