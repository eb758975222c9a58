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
    /// `ours-upload --host H --port P --user U --fingerprint SHA256:... --dir D --remote R`: FundMail's side of the upload
    /// benchmark as its own process. Uploads every file of D into the remote folder R with the engine's uploader
    /// (atomic, verified, fsynced): one file with UploadAsync, several with UploadManyAsync. The password comes from
    /// FUNDMAIL_BENCH_PASSWORD. Prints one JSON line: seconds, files, bytes.
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
            var remote = Get("--remote").TrimEnd('/');
            var files = Directory.GetFiles(Get("--dir")).OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => new UploadRequest(f, remote + "/" + Path.GetFileName(f))).ToList();
            if (files.Count == 0)
                throw new UsageException(Command + ": " + Get("--dir") + " holds no files");
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
            IReadOnlyList<UploadedFile> uploaded;
            using (var session = await SftpClient.ConnectAsync(options, deadline.Token))
            {
                var uploader = new SftpUploader(session);
                uploaded = files.Count == 1
                    ? new[] { await uploader.UploadAsync(files[0].LocalPath, files[0].RemotePath, deadline.Token) }
                    : await uploader.UploadManyAsync(files, deadline.Token);
            }
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                files = uploaded.Count,
                bytes = uploaded.Sum(u => u.Bytes),
            }));
            return 0;
        }
    }
}
