using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Ssh;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Ssh.Fuzz
{
    /// <summary>Alone in the process while they run: their allocation figures then count only themselves.</summary>
    [CollectionDefinition(nameof(FuzzCollection), DisableParallelization = true)]
    public sealed class FuzzCollection
    {
    }

    /// <summary>
    /// Seeded fuzzing of our SSH client's packet layer and SFTP reply parsing against a fake server on a real socket.
    /// Deterministic: the same seeds make the same cases. Each finding became a named regression test.
    /// </summary>
    [Collection(nameof(FuzzCollection))]
    public sealed class ProtocolFuzzTests
    {
        private const int Cases = 600;
        private readonly ITestOutputHelper _output;

        public ProtocolFuzzTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task The_fake_server_unfuzzed_carries_the_whole_conversation()
        {
            var (finding, error) = await FuzzClient.RunAsync(null);
            Assert.Null(finding);
            Assert.Null(error);
        }

        [Fact]
        public async Task Every_fuzz_case_ends_in_time_with_success_or_a_clear_SSH_error_and_bounded_memory()
        {
            var findings = new ConcurrentBag<string>();
            var errors = new ConcurrentDictionary<string, int>();
            var completed = 0;
            var allocatedBefore = GC.GetTotalAllocatedBytes(true);
            var clock = Stopwatch.StartNew();
            using var lanes = new SemaphoreSlim(32);
            await Task.WhenAll(Enumerable.Range(1, Cases).Select(async seed =>
            {
                await lanes.WaitAsync();
                try
                {
                    var fuzz = new FuzzCase(seed);
                    var (finding, error) = await FuzzClient.RunAsync(fuzz);
                    if (finding != null) findings.Add(fuzz + ": " + finding);
                    else if (error == null) Interlocked.Increment(ref completed);
                    else errors.AddOrUpdate(error.GetType().Name, 1, (_, n) => n + 1);
                }
                finally
                {
                    lanes.Release();
                }
            }));
            var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
            _output.WriteLine(Cases + " cases in " + clock.Elapsed.TotalSeconds.ToString("F1") + " s: " + completed + " completed, " +
                string.Join(", ", errors.Select(e => e.Value + " " + e.Key)) + ", " + findings.Count + " findings; " +
                (allocated / Cases / 1024) + " KiB allocated per case");
            foreach (var finding in findings.OrderBy(f => f)) _output.WriteLine(finding);
            Assert.Empty(findings);
            // The cases set length fields up to 4 GiB; one allocation sized by any of them (beyond the caps: 256 KiB per
            // packet, 1 MiB per SFTP packet) would take this over 1 GiB. Normal: about 0.6 MiB per case, 0.4 GiB in all.
            Assert.True(allocated < 1L << 30, (allocated >> 20) + " MiB allocated by " + Cases + " cases");
        }

        /// <summary>
        /// Finding 1 (first as "insert at subsystem"; also "mute" or "starve" between channel open and SFTP VERSION): the
        /// SFTP start's own time limit surfaced as a bare TaskCanceledException, as if the caller had cancelled.
        /// </summary>
        [Fact]
        public async Task A_server_that_never_answers_the_subsystem_request_is_a_connection_timeout_not_a_cancellation()
        {
            var (finding, error) = await FuzzClient.RunAsync(new FuzzCase(1, "subsystem", "mute"));
            Assert.Null(finding);
            var timeout = Assert.IsType<SshConnectionException>(error);
            Assert.Equal("the SFTP subsystem did not start within 2 s", timeout.Message);
            Assert.True(timeout.IsRetryable);
        }

        /// <summary>Finding 2 ("stuck" at a READDIR): a server that lists the same entries again and again kept the sweep looping forever.</summary>
        [Fact]
        public async Task A_directory_listing_that_never_ends_is_a_protocol_error_not_a_hang()
        {
            var (finding, error) = await FuzzClient.RunAsync(new FuzzCase(1, "sftp-reply-3", "stuck"));
            Assert.Null(finding);
            var broken = Assert.IsType<SshProtocolException>(error);
            Assert.Contains("the SFTP server lists the entries of '.' again instead of ending the listing", broken.Message);
        }

        /// <summary>Finding 3 ("starve" at channel-open): a server that never opens its channel window again held a request forever.</summary>
        [Fact]
        public async Task A_channel_window_that_never_opens_ends_the_operation_after_the_operation_timeout()
        {
            var clock = Stopwatch.StartNew();
            var (finding, error) = await FuzzClient.RunAsync(new FuzzCase(1, "channel-open", "starve"));
            Assert.Null(finding);
            var stalled = Assert.IsType<SshConnectionException>(error);
            Assert.Contains("the SFTP server took no data for 2 s (its channel window stayed closed)", stalled.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), clock.Elapsed.ToString());
        }
    }
}
