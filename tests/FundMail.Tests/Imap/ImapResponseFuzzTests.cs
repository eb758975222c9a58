using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Imap;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Imap
{
    /// <summary>
    /// Thousands of mutated server transcripts: the parser must end each one with a parsed response or an
    /// ImapProtocolException/ImapConnectionException, quickly, never another exception type or a hang.
    /// </summary>
    public class ImapResponseFuzzTests : IDisposable
    {
        private const string Transcript =
            "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2] ready\r\n"
            + "* 5 EXISTS\r\n* 1 EXPUNGE\r\n* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
            + "* SEARCH 4 5 9\r\n"
            + "* 3 FETCH (FLAGS (\\Seen \\Answered) UID 9 MODSEQ (12))\r\n"
            + "* 1 FETCH (UID 4 INTERNALDATE \" 7-Jul-2025 02:44:25 -0700\" RFC822.SIZE 12 BODY[] {12}\r\nSubject: x\r\n)\r\n"
            + "* 2 FETCH (BODY[] \"quoted body\" UID 5 RFC822.SIZE 11 INTERNALDATE {26}\r\n17-Jul-1996 02:44:25 -0700)\r\n"
            + "* LIST (\\Noselect) \"/\" {3}\r\n~/x\r\n"
            + "+ eyJzdGF0dXMiOiI0MDEifQ==\r\n"
            + "A0004 NO Request is throttled. Suggested Backoff Time: 500 milliseconds\r\n"
            + "* BYE bye\r\n";

        private static readonly byte[] Specials = Encoding.ASCII.GetBytes("{}()[]\"\\\r\n 0123456789+*NIL");
        private readonly ITestOutputHelper _output;
        private readonly string _spool = Directory.CreateTempSubdirectory("fundmail-fuzz-").FullName;

        public ImapResponseFuzzTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Mutated_transcripts_end_in_a_clean_result_or_a_clean_imap_error()
        {
            var original = Encoding.ASCII.GetBytes(Transcript);
            Assert.Null(Run(original)); // the unmutated transcript parses to its end
            var random = new Random(20260214);
            var watch = Stopwatch.StartNew();
            var runs = 0;
            var failures = 0;
            while (runs < 4000 && watch.Elapsed < TimeSpan.FromSeconds(20))
            {
                var input = Mutate(original, random);
                var outcome = Run(input);
                if (outcome is ImapException)
                    failures++;
                else if (outcome != null)
                    Assert.Fail("input " + Convert.ToBase64String(input) + " raised " + outcome);
                runs++;
            }
            _output.WriteLine(runs + " mutations in " + watch.ElapsedMilliseconds + " ms, " + failures + " rejected with an ImapException");
            Assert.True(runs >= 1000, "only " + runs + " mutations ran within the time cap");
            Assert.True(failures > runs / 10, "mutations should mostly break the transcript; only " + failures + " did");
        }

        public void Dispose() => Directory.Delete(_spool, recursive: true);

        /// <summary>Parses every response; returns null at a clean end of input, else the exception (or a hang report).</summary>
        private Exception? Run(byte[] input)
        {
            // A dedicated thread per run: blocking pool threads while other test classes run would starve them.
            var task = Task.Factory.StartNew(async () =>
            {
                var stream = new MemoryStream(input);
                var reader = new ImapResponseReader(stream, null, 4096);
                var fetch = new FetchDataParser(_spool);
                while (stream.Position < stream.Length || reader.HasBufferedData)
                {
                    await ImapResponseParser.ReadAsync(reader, async (n, r, ct) => FetchDataParser.Discard(await fetch.ParseAsync(n, r, ct)), CancellationToken.None);
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
            try
            {
                if (!task.Wait(TimeSpan.FromSeconds(5)))
                    return new TimeoutException("parser hung");
                return null;
            }
            catch (AggregateException e)
            {
                return e.InnerException;
            }
        }

        private static byte[] Mutate(byte[] original, Random random)
        {
            var data = new MemoryStream();
            data.Write(original, 0, original.Length);
            var bytes = data.ToArray();
            var edits = random.Next(1, 6);
            for (var i = 0; i < edits && bytes.Length > 1; i++)
            {
                var at = random.Next(bytes.Length);
                switch (random.Next(5))
                {
                    case 0:
                        bytes[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        bytes[at] = Specials[random.Next(Specials.Length)];
                        break;
                    case 2:
                        bytes = Splice(bytes, at, random.Next(1, 20), Array.Empty<byte>());
                        break;
                    case 3:
                        bytes = Splice(bytes, at, 0, new[] { Specials[random.Next(Specials.Length)] });
                        break;
                    default:
                        Array.Resize(ref bytes, at + 1); // truncation
                        break;
                }
            }
            return bytes;
        }

        private static byte[] Splice(byte[] bytes, int at, int remove, byte[] insert)
        {
            remove = Math.Min(remove, bytes.Length - at);
            var result = new byte[bytes.Length - remove + insert.Length];
            Array.Copy(bytes, result, at);
            Array.Copy(insert, 0, result, at, insert.Length);
            Array.Copy(bytes, at + remove, result, at + insert.Length, bytes.Length - at - remove);
            return result;
        }
    }
}
