namespace FundMail.Bench
{
    /// <summary>
    /// One line of the targets: our contender's median against a peer's (below 1 means we are faster), and the
    /// ratio it must not exceed. Without a limit the ratio is reported only.
    /// </summary>
    internal sealed record Target(string Id, string Label, Contender Ours, Contender Peer, double? MaxRatio, string? Note = null)
    {
        public double Ratio => Ours.MedianValue / Peer.MedianValue;

        public bool? Pass => MaxRatio is double limit ? Ratio <= limit : null;
    }

    /// <summary>A reported figure with no peer (where the whole cycle's time went, startup cost).</summary>
    internal sealed record Finding(string Id, string Label, string Text, object Values);
}
