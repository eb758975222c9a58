namespace FundMail.Diagnostics
{
    public enum CheckOutcome
    {
        Passed,
        Failed,
        /// <summary>Not tried because an earlier leg failed.</summary>
        Skipped,
    }

    /// <summary>One leg of a connection check: what was checked, how it went, and for a failure the step that fixes it.</summary>
    public sealed class CheckResult
    {
        public CheckResult(string leg, CheckOutcome outcome, string detail, string? fix = null)
        {
            Leg = leg;
            Outcome = outcome;
            Detail = detail;
            Fix = fix;
        }

        public string Leg { get; }
        public CheckOutcome Outcome { get; }
        public string Detail { get; }
        public string? Fix { get; }

        public bool Passed => Outcome == CheckOutcome.Passed;

        public override string ToString()
        {
            var mark = Outcome == CheckOutcome.Passed ? "✓" : Outcome == CheckOutcome.Failed ? "✗" : "-";
            return mark + " " + Leg + ": " + Detail + (Fix == null ? "" : " — fix: " + Fix);
        }
    }
}
