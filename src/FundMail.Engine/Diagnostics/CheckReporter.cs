using System;
using System.Threading.Tasks;

namespace FundMail.Diagnostics
{
    /// <summary>Reports legs in order; once one fails, the rest of that chain are reported as skipped.</summary>
    internal sealed class CheckReporter
    {
        private readonly Action<CheckResult> _report;

        public CheckReporter(Action<CheckResult> report)
        {
            _report = report;
        }

        public bool AllPassed { get; private set; } = true;

        public void Passed(string leg, string detail) => _report(new CheckResult(leg, CheckOutcome.Passed, detail));

        public void Failed(string leg, string detail, string? fix = null)
        {
            AllPassed = false;
            _report(new CheckResult(leg, CheckOutcome.Failed, detail, fix));
        }

        public void Skipped(string leg, string why) => _report(new CheckResult(leg, CheckOutcome.Skipped, why));

        /// <summary>Runs legs in turn; after the first failure the remaining ones are skipped.</summary>
        public async Task ChainAsync(params (string leg, Func<Task<(bool ok, string detail, string? fix)>> run)[] legs)
        {
            var failed = false;
            foreach (var (leg, run) in legs)
            {
                if (failed)
                {
                    Skipped(leg, "not tried");
                    continue;
                }
                var (ok, detail, fix) = await run().ConfigureAwait(false);
                if (ok)
                {
                    Passed(leg, detail);
                }
                else
                {
                    Failed(leg, detail, fix);
                    failed = true;
                }
            }
        }
    }
}
