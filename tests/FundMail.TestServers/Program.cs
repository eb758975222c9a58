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
    /// writes DIR/.env for FundMail, prints "ready", and runs until stdin closes or SIGINT/SIGTERM arrives.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            if (args.Length == 0 || args[0] != "up")
            {
                Console.Error.WriteLine("usage: FundMail.TestServers up --dir DIR [--mails N] [--sftp]");
                return 2;
            }
            var dir = Path.GetFullPath(Option(args, "--dir") ?? throw new ArgumentException("--dir is required"));
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
            var messages = Enumerable.Range(1, mails).Select(i => SampleMail.Bytes(20261121, i, i % 3 == 0 ? new long[] { 48 * 1024 } : Array.Empty<long>()));
            await servers.Dovecot.Mailbox.AppendAsync(messages.ToList());
            var env = await servers.WriteEnvFileAsync(Path.Combine(dir, ".env"), Path.Combine(dir, "base"));
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

        private static string? Option(string[] args, string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
    }
}
