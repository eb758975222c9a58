using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FundMail.Config;
using FundMail.Imap;
using FundMail.Logging;
using FundMail.Store;

namespace FundMail.Cycle
{
    /// <summary>
    /// Which UIDs a cycle fetches, from the checkpoint and what EXAMINE said: new UIDs after the last one, UIDs the
    /// server failed to return before, today's mail on a first run, or after a UIDVALIDITY change everything since the
    /// oldest mail the ledger holds for the old UIDVALIDITY (the ledger then recognises what was already stored).
    /// </summary>
    internal sealed class FetchPlan
    {
        private FetchPlan(IReadOnlyList<uint> uids, uint floorUid, DateTimeOffset? notBefore, uint? relistThrough = null, string? uidValidityChange = null)
        {
            UidValidityChange = uidValidityChange;
            Uids = uids.OrderBy(uid => uid).ToList();
            FloorUid = floorUid;
            NotBefore = notBefore;
            RelistThrough = relistThrough;
        }

        /// <summary>Ascending: batches take the oldest first, so each checkpoint covers everything before it.</summary>
        public IReadOnlyList<uint> Uids { get; }

        /// <summary>The checkpoint's last UID if nothing is fetched.</summary>
        public uint FloorUid { get; }

        /// <summary>Mail received before this is not captured (first run: today's mail only).</summary>
        public DateTimeOffset? NotBefore { get; }

        /// <summary>UIDs were renumbered: mail stored under the old UIDVALIDITY may come back with other bytes (re-rendered).</summary>
        public bool Relisting => RelistThrough != null;

        /// <summary>While relisting, the last UID that existed when the UIDs changed (see <see cref="Checkpoint.RelistThrough"/>).</summary>
        public uint? RelistThrough { get; }

        /// <summary>What changed, when this plan starts relisting because the UIDVALIDITY changed; null otherwise.</summary>
        public string? UidValidityChange { get; }

        public static async Task<FetchPlan> DecideAsync(IMailboxClient client, MailboxState state, Checkpoint? checkpoint, FirstRunMode firstRun,
            Ledger ledger, DateTimeOffset now, ILog log, CancellationToken ct)
        {
            if (checkpoint == null)
                return await FirstRunAsync(client, state, firstRun, now, log, ct).ConfigureAwait(false);

            if (checkpoint.UidValidity != state.UidValidity)
            {
                // Mail the old UIDs never reached may be as old as anything captured under them.
                var oldest = ledger.OldestReceived(checkpoint.UidValidity);
                var from = oldest != null && (checkpoint.LastTime == null || oldest < checkpoint.LastTime) ? oldest : checkpoint.LastTime;
                var since = (from ?? now.AddDays(-7)).AddDays(-1);
                var change = "UIDVALIDITY changed from " + checkpoint.UidValidity + " to " + state.UidValidity + " (the mailbox was rebuilt or restored): " +
                             "re-listing mail received since " + since.ToString("yyyy-MM-dd") + "; mail already stored (same bytes, or same Message-ID, " +
                             "sender and Date) is recognised and not stored twice";
                var window = await client.SearchUidsAsync(UidSearch.Since(since.Date), ct).ConfigureAwait(false);
                // Every UID below UIDNEXT that the window does not hold is older mail, captured before the change.
                var last = state.UidNext is uint next && next > 0 ? next - 1 : 0;
                return new FetchPlan(window, last, null, last, change);
            }

            // The cycle usually ran this search together with EXAMINE; ask again only if it did not.
            var after = UidSearch.After(checkpoint.LastUid);
            var uids = new SortedSet<uint>(state.Found(after) ?? await client.SearchUidsAsync(after, ct).ConfigureAwait(false));
            if (checkpoint.RetryUids.Count > 0)
            {
                var still = await client.SearchUidsAsync(UidSearch.Among(checkpoint.RetryUids), ct).ConfigureAwait(false);
                foreach (var gone in checkpoint.RetryUids.Except(still))
                    log.Warning("UID " + gone + " was listed earlier but never returned, and is gone now (expunged before it could be captured)");
                uids.UnionWith(still);
            }
            // A relisting run killed after some of its batches goes on relisting the rest.
            return new FetchPlan(uids.ToList(), checkpoint.LastUid, null, checkpoint.RelistThrough > checkpoint.LastUid ? checkpoint.RelistThrough : null);
        }

        private static async Task<FetchPlan> FirstRunAsync(IMailboxClient client, MailboxState state, FirstRunMode firstRun, DateTimeOffset now, ILog log,
            CancellationToken ct)
        {
            var all = await client.SearchUidsAsync(UidSearch.All, ct).ConfigureAwait(false);
            var newest = all.Count == 0 ? 0 : all[all.Count - 1];
            if (firstRun == FirstRunMode.Latest)
            {
                log.Info("first run (FIRST_RUN=latest): capturing only the latest mail and starting from UID " + newest);
                return new FetchPlan(all.Count == 0 ? all : new[] { newest }, newest, null);
            }
            var midnight = new DateTimeOffset(now.ToLocalTime().Date, now.ToLocalTime().Offset);
            log.Info("first run (FIRST_RUN=today): capturing mail received since " + midnight.ToString("yyyy-MM-dd HH:mm zzz"));
            // SEARCH SINCE compares dates in the server's time zone (UTC for Exchange): a day earlier covers local midnight
            // anywhere; the exact cut is made on INTERNALDATE.
            var today = await client.SearchUidsAsync(UidSearch.Since(midnight.Date.AddDays(-1)), ct).ConfigureAwait(false);
            return new FetchPlan(today, newest, midnight);
        }
    }
}
