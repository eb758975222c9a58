using System;
using System.Linq;
using System.Threading.Tasks;
using FundMail.TestServers.Mail;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Chaos
{
    /// <summary>Two real `fundmail cycle` processes on one BASE_DIR: one runs, the other leaves at once.</summary>
    [Collection(ChaosCollection.Name)]
    public sealed class CycleLockTests
    {
        private readonly ChaosFixture _fixture;
        private readonly ITestOutputHelper _output;

        public CycleLockTests(ChaosFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public async Task Of_two_cycles_started_together_one_runs_and_the_other_exits_10_already_running()
        {
            var (env, _, _) = await _fixture.NewRunAsync("lock-" + Guid.NewGuid().ToString("N").Substring(0, 8), ("FIRST_RUN", "latest"));
            // The first of a pair may finish before the second starts; then both succeed and the pairing is tried again.
            for (var attempt = 1; attempt <= 6; attempt++)
            {
                // New mail each time, so the winner has work to do while it holds the lock.
                await _fixture.Servers.Dovecot.Mailbox.AppendAsync(Enumerable.Range(attempt * 10, 5)
                    .Select(i => SampleMail.Bytes(4242, i, i % 2 == 0 ? new long[] { 200_000 } : Array.Empty<long>())).ToList());
                using var first = CycleProcess.Start(_fixture.HostDll, env);
                using var second = CycleProcess.Start(_fixture.HostDll, env);
                var codes = await Task.WhenAll(first.WaitAsync(TimeSpan.FromMinutes(2)), second.WaitAsync(TimeSpan.FromMinutes(2)));
                _output.WriteLine("attempt " + attempt + ": exit " + codes[0] + " and " + codes[1]);
                Assert.All(codes, c => Assert.True(c == 0 || c == 10, "a cycle exited " + c + ": " + first.Stderr + second.Stderr));
                if (codes[0] == 0 && codes[1] == 0)
                    continue;

                Assert.Single(codes, 10);
                Assert.Single(codes, 0);
                var (winner, loser) = codes[0] == 0 ? (first, second) : (second, first);
                _output.WriteLine("loser: " + loser.Stderr.Trim());
                Assert.Contains("already running", loser.Stderr);
                Assert.Equal("", loser.Stdout.Trim());
                Assert.Contains("stored", winner.Stdout);
                return;
            }
            Assert.Fail("in 6 attempts the two cycles never overlapped");
        }
    }
}
