namespace KvService.PrimaryBackup.Scenarios;

/// <summary>What a primary/backup fault event does. Roles are read from the view service when the event starts.</summary>
public enum PbFaultKind
{
    /// <summary>The primary crashes and restarts (empty) after the event's duration.</summary>
    CrashPrimary,

    /// <summary>The backup crashes and restarts (empty) after the event's duration.</summary>
    CrashBackup,

    /// <summary>The primary crashes for the event's duration; the server that was its backup crashes
    /// <see cref="PbFault.Gap"/> after the first is back, for as long.</summary>
    CrashBoth,

    /// <summary>The link between primary and backup is cut.</summary>
    PartitionPrimaryBackup,

    /// <summary>The link between a clerk and the primary is cut.</summary>
    PartitionClerkPrimary,

    /// <summary>The link between a clerk and the backup is cut.</summary>
    PartitionClerkBackup,

    /// <summary>The primary is cut off from the view service (but not from clerks or the backup): the view service
    /// replaces it while it still runs (the split-brain setting).</summary>
    PartitionPrimaryViewService,

    /// <summary>The view service is cut off from everyone.</summary>
    PartitionViewService,

    /// <summary>Every message to and from the view service waits up to <see cref="PbScenarioRunner.SlowDelay"/> each way:
    /// pings come late, and the view service may take live servers for dead.</summary>
    SlowViewService,

    /// <summary>Split brain: the primary and a clerk are cut off from the view service, and every other clerk from the
    /// primary, for the event's duration. The view service replaces the primary while it still runs; the clerk, unable to
    /// ask for the new view, keeps using the old primary, and the others move to the new one and write there.</summary>
    SplitBrain,

    /// <summary>A write whose reply is lost, retried across two failovers: the servers' replies to a clerk are lost from
    /// the event's start to its end (its requests are served), the primary crashes <see cref="PbFault.Lead"/> in, for the
    /// event's duration, and the server that was its backup crashes <see cref="PbFault.Gap"/> after the first is back,
    /// for as long; the clerk's retry then reaches a primary that was filled by a state transfer.</summary>
    RetryAcrossFailovers,

    /// <summary>The backup's answers to the primary are lost (the link from the backup to the primary is cut one way):
    /// forwards and state transfers are applied, but the primary cannot know it, answers its clerks
    /// <c>WrongServer</c> and sends the whole state again, until the event ends.</summary>
    LoseBackupReplies,

    /// <summary>The link between primary and backup is held for the event's duration (messages wait, their callers too),
    /// then released: what it held arrives in the order it left.</summary>
    HoldPrimaryBackup,

    /// <summary>For the event's duration, every clerk's requests to the servers are delivered twice with chance
    /// <see cref="PbFault.Rate"/>; a copy arrives up to <see cref="PbFault.MaxDelay"/> after its request left (0: as a
    /// request would), so that an old request, Gets included, reaches a server after the clerk's later ones
    /// (<see cref="LinkDuplicates"/> on each clerk-to-server link).</summary>
    DuplicateRequests,

    /// <summary>For the event's duration, every clerk's requests to the servers take up to <see cref="PbFault.MaxDelay"/>
    /// to arrive, and a clerk's call with no answer <see cref="PbFault.Timeout"/> after it was made fails: the clerk
    /// retries while its old request is still on its way, and that request arrives after the retry, or after the clerk's
    /// later requests (<see cref="LinkTimeouts"/> on each clerk-to-server link).</summary>
    ClerkTimeouts,

    /// <summary>The server that is primary when the event starts crashes at a moment (<see cref="PbFault.Moment"/>) of
    /// the next request it serves within <see cref="PbFault.MomentWindow"/> — as it arrives, after its handler returned
    /// (before the reply leaves), just after the reply left, or just before or after the k-th persister call
    /// (<see cref="PbFault.Write"/>) since it arrived — and restarts (empty) after the event's duration. No such moment in
    /// the window: no crash.</summary>
    CrashPrimaryAtMoment,

    /// <summary>As <see cref="CrashPrimaryAtMoment"/>, for the server that is the backup when the event starts (its
    /// requests are the primary's forwards and state transfers).</summary>
    CrashBackupAtMoment,

    /// <summary>The link between primary and backup fails, then the primary: for the event's duration the backup's
    /// answers to the primary are lost (as <see cref="LoseBackupReplies"/>: the primary must send its whole state again),
    /// then the link is held for <see cref="PbFault.Gap"/> (messages wait, their callers too) and released, and
    /// <see cref="PbFault.FailoverLead"/> later the primary crashes, down for the event's duration. A primary that sends its backup an older copy of its state than
    /// the writes it answered (a state transfer racing a client's request) loses those writes in the failover.</summary>
    FlakyLinkThenFailover,
}
