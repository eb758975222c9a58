using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using FundMail.TestServers.Mail;

namespace FundMail.TestServers
{
    /// <summary>
    /// `FundMail.TestServers up --dir DIR [--mails N] [--sftp]`: starts the local servers, delivers N sample mails,
    /// writes DIR/.env for FundMail (and DIR/sftp-root, a link to the SFTP server's folder), prints "ready", and runs
    /// until stdin closes or SIGINT/SIGTERM arrives.
    /// `FundMail.TestServers deliver --dir DIR --from I --count N`: delivers sample mails I.. to the running servers of DIR.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            if (args.Length == 0 || args[0] != "up" && args[0] != "deliver")
            {
                Console.Error.WriteLine("usage: FundMail.TestServers up --dir DIR [--mails N] [--sftp] | deliver --dir DIR --from I --count N");
                return 2;
            }
            var dir = Path.GetFullPath(Option(args, "--dir") ?? throw new ArgumentException("--dir is required"));
            if (args[0] == "deliver")
            {
                var lines = File.ReadAllLines(Path.Combine(dir, "dovecot.txt"));
                var first = int.Parse(Option(args, "--from") ?? "1");
                var count = int.Parse(Option(args, "--count") ?? "1");
                await new Dovecot.DovecotMailbox(lines[0], lines[1]).AppendAsync(Enumerable.Range(first, count).Select(Sample).ToList());
                return 0;
            }
            var mails = int.Parse(Option(args, "--mails") ?? "5");
            var stop = new TaskCompletionSource();
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.TrySetResult();
            });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                stop.TrySetResult();
            });

            await using var servers = await LocalServers.StartAsync(dir, args.Contains("--sftp"));
            await servers.Dovecot.Mailbox.AppendAsync(Enumerable.Range(1, mails).Select(Sample).ToList());
            var env = await servers.WriteEnvFileAsync(Path.Combine(dir, ".env"), Path.Combine(dir, "base"));
            File.WriteAllLines(Path.Combine(dir, "dovecot.txt"), new[] { servers.Dovecot.ConfigFile, servers.Dovecot.User });
            if (servers.Sshd != null)
                File.CreateSymbolicLink(Path.Combine(dir, "sftp-root"), servers.Sshd.UploadRoot);
            Console.WriteLine("ready: " + mails + " mail(s) delivered to " + servers.Dovecot.User + "; env file " + env);
            Console.Out.Flush();

            _ = Task.Run(() =>
            {
                // A parent that goes away closes our stdin: stop rather than leave servers behind.
                while (Console.In.Read() >= 0)
                {
                }
                stop.TrySetResult();
            });
            await stop.Task;
            return 0;
        }

        private static byte[] Sample(int index) => SampleMail.Bytes(20261121, index, index % 3 == 0 ? new long[] { 48 * 1024 } : Array.Empty<long>());

        private static string? Option(string[] args, string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
    }
}
