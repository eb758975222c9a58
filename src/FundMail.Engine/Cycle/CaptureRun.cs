using System;
using System.Collections.Generic;
using FundMail.Imap;
using FundMail.Logging;
using FundMail.Store;

namespace FundMail.Cycle
{
    /// <summary>What the batches of one capture share: the session, the plan, where mail goes, and what the run reports.</summary>
    internal sealed class CaptureRun
    {
        public CaptureRun(IMailboxClient client, MailboxState state, FetchPlan plan, StoreLayout layout, Ledger ledger, Outbox outbox,
            CycleReport report, ILog log, DateTimeOffset now, Checkpoint next, BatchSizer sizer)
        {
            Client = client;
            State = state;
            Plan = plan;
            Layout = layout;
            Ledger = ledger;
            Outbox = outbox;
            Report = report;
            Log = log;
            Now = now;
            Next = next;
            Sizer = sizer;
        }

        public IMailboxClient Client { get; }
        public MailboxState State { get; }
        public FetchPlan Plan { get; }
        public StoreLayout Layout { get; }
        public Ledger Ledger { get; }
        public Outbox Outbox { get; }
        public CycleReport Report { get; }
        public ILog Log { get; }
        public DateTimeOffset Now { get; }

        /// <summary>The checkpoint being built: each batch sets the newest mail it stored.</summary>
        public Checkpoint Next { get; }

        public BatchSizer Sizer { get; }

        /// <summary>UIDs listed but not stored so far (the server returned nothing, or the spool could not be read back): retried next run.</summary>
        public SortedSet<uint> Missed { get; } = new SortedSet<uint>();
    }
}
