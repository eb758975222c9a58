using System.Collections.Generic;
using System.Threading.Tasks;

namespace FundMail.Bench.Upload
{
    /// <summary>
    /// T2 upload to the run's sshd: one big file (1 GiB) on loopback against OpenSSH sftp; many small files (2,000 ≈
    /// 200 MB) on loopback and over the delayed link against rclone. OpenSSH sftp sends one file at a time, which over
    /// the delayed link takes minutes: there it runs once, not per repetition.
    /// </summary>
    internal static class UploadScenario
    {
        public const string Name = "upload";

        public static async Task RunAsync(BenchRun run)
        {
            var options = run.Options;
            var root = run.Folder("upload");
            System.Console.Error.WriteLine($"writing {options.Files} small files and one {options.BigFileMegabytes} MB file ...");
            var data = UploadData.Create(run.Folder("upload-data"), options.Files, options.BigFileMegabytes, options.Seed);
            var make = await UploadContenders.CreateAsync(run.Servers.Sshd!, root);
            var parameters = new Dictionary<string, object>
            {
                ["smallFiles"] = data.SmallFiles,
                ["smallBytes"] = data.SmallBytes,
                ["bigBytes"] = data.BigBytes,
            };
            var big = (data.BigBytes >> 20) + " MiB";
            var many = $"{data.SmallFiles} files ({Report.Megabytes(data.SmallBytes)})";

            var oursBig = make.Ours("big", data.BigDir, 1, data.BigBytes, null);
            var sftpBig = make.OpenSsh("big", data.BigDir, 1, data.BigBytes, null);
            var rcloneBig = make.Rclone("big", data.BigDir, 1, data.BigBytes, null);
            var durableBig = make.OpenSsh("big", data.BigDir, 1, data.BigBytes, null, durable: true);
            var bigRows = new[] { oursBig, sftpBig, rcloneBig, durableBig };
            await Repetitions.RunAsync(bigRows, options.Reps);
            run.Add(new ScenarioResult("upload big loopback", $"T2a upload one {big} file over SFTP, loopback", bigRows, parameters));

            var oursMany = make.Ours("many", data.SmallDir, data.SmallFiles, data.SmallBytes, null);
            var rcloneMany = make.Rclone("many", data.SmallDir, data.SmallFiles, data.SmallBytes, null);
            var sftpMany = make.OpenSsh("many", data.SmallDir, data.SmallFiles, data.SmallBytes, null);
            var manyRows = new[] { oursMany, rcloneMany, sftpMany };
            await Repetitions.RunAsync(manyRows, options.Reps);
            run.Add(new ScenarioResult("upload many loopback", $"T2b upload {many} over SFTP, loopback", manyRows, parameters));

            var net = run.Net;
            var slowOurs = make.Ours("many", data.SmallDir, data.SmallFiles, data.SmallBytes, net);
            var slowRclone = make.Rclone("many", data.SmallDir, data.SmallFiles, data.SmallBytes, net);
            var slowSftp = make.OpenSsh("many", data.SmallDir, data.SmallFiles, data.SmallBytes, net, once: true);
            var slowRows = new[] { slowOurs, slowRclone, slowSftp };
            await Repetitions.RunAsync(slowRows, options.Reps, warmUp: false);
            run.Add(new ScenarioResult("upload many " + net.Label, $"T2b upload {many} over SFTP, RTT {net.Label} (OpenSSH sftp once)", slowRows, parameters));
            await run.CheckNetAsync("upload " + net.Label);

            const string durable = "ours fsyncs every file on the server and renames it into place; the peers do neither";
            run.Targets.Add(new Target("T2", $"upload {big}, loopback", oursBig, sftpBig, 0.8, durable));
            run.Targets.Add(new Target("T2", $"upload {big}, loopback", oursBig, durableBig, null,
                "like for like: OpenSSH's put -f fsyncs the file on the server too"));
            run.Targets.Add(new Target("T2", $"upload {big}, loopback", oursBig, rcloneBig, null));
            run.Targets.Add(new Target("T2", $"upload {many}, {net.Label}", slowOurs, slowRclone, 0.9));
            run.Targets.Add(new Target("T2", $"upload {many}, {net.Label}", slowOurs, slowSftp, null, "OpenSSH sftp measured once, not per repetition"));
            run.Targets.Add(new Target("T2", $"upload {many}, loopback", oursMany, rcloneMany, null));
            run.Targets.Add(new Target("T2", $"upload {many}, loopback", oursMany, sftpMany, null));
        }
    }
}
