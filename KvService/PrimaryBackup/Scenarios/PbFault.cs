using System.Text.Json.Serialization;
using KvService.Scenarios;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>A fault event of a primary/backup scenario: what, when (virtual time from the start of the workload), for how
/// long, which clerk (for a clerk's partition), for <see cref="PbFaultKind.CrashBoth"/> the gap between the two crashes,
/// and the settings of the kinds that have them: the chance and delay of duplicated requests, the clerks' timeout, the
/// moment of a crash.</summary>
public sealed record PbFault(PbFaultKind Kind, TimeSpan At, TimeSpan Duration, int Client = 0, TimeSpan Gap = default,
    double Rate = 0, TimeSpan MaxDelay = default, TimeSpan Timeout = default, CrashMoment Moment = CrashMoment.AtTime, int Write = 1)
{
    /// <summary>How long after its start a <see cref="PbFaultKind.RetryAcrossFailovers"/> event crashes the primary: the
    /// time for the clerk's write to be served while its reply is lost.</summary>
    public static TimeSpan Lead { get; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How long after a <see cref="PbFaultKind.FlakyLinkThenFailover"/> event releases the link the primary
    /// crashes: time for what the link held to arrive and for the primary to act on it.</summary>
    public static TimeSpan FailoverLead { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a crash at a moment (<see cref="PbFaultKind.CrashPrimaryAtMoment"/>,
    /// <see cref="PbFaultKind.CrashBackupAtMoment"/>) waits for its moment; none comes, the server does not crash.</summary>
    public static TimeSpan MomentWindow { get; } = TimeSpan.FromSeconds(1);

    /// <summary>When the event's last effect ends.</summary>
    [JsonIgnore]
    public TimeSpan End => Kind switch
    {
        PbFaultKind.CrashBoth => At + Duration + Gap + Duration,
        PbFaultKind.RetryAcrossFailovers => At + Lead + Duration + Gap + Duration,
        PbFaultKind.CrashPrimaryAtMoment or PbFaultKind.CrashBackupAtMoment => At + MomentWindow + Duration,
        PbFaultKind.FlakyLinkThenFailover => At + Duration + Gap + FailoverLead + Duration,
        _ => At + Duration,
    };

    /// <summary>Whether the event names a clerk (<see cref="Client"/>).</summary>
    [JsonIgnore]
    public bool NamesClerk => Kind is PbFaultKind.PartitionClerkPrimary or PbFaultKind.PartitionClerkBackup or PbFaultKind.SplitBrain
        or PbFaultKind.RetryAcrossFailovers;

    /// <summary>Whether the event crashes a server, cuts the view service off from a server, or cuts the primary off from
    /// its backup: such events change the view or hold back a new backup's state, and are kept apart, so that a new
    /// backup is given the state before the next one: the service cannot survive losing every server that holds the
    /// state. Events on the clerks' links only (cuts, duplicated and late requests) are not.</summary>
    [JsonIgnore]
    public bool Sequential => Kind is not (PbFaultKind.PartitionClerkPrimary or PbFaultKind.PartitionClerkBackup
        or PbFaultKind.DuplicateRequests or PbFaultKind.ClerkTimeouts);

    /// <summary>Whether the event waits a <see cref="Gap"/> between two crashes (or holds a link that long).</summary>
    [JsonIgnore]
    public bool HasGap => Kind is PbFaultKind.CrashBoth or PbFaultKind.RetryAcrossFailovers or PbFaultKind.FlakyLinkThenFailover;

    /// <summary>Whether the event crashes a server at a moment of a request (<see cref="Moment"/>, and <see cref="Write"/>
    /// for a persister call's).</summary>
    [JsonIgnore]
    public bool AtMoment => Kind is PbFaultKind.CrashPrimaryAtMoment or PbFaultKind.CrashBackupAtMoment;

    /// <summary>Whether <see cref="Moment"/> is a persister call's, which <see cref="Write"/> counts.</summary>
    [JsonIgnore]
    public bool AtWrite => AtMoment && Moment is CrashMoment.BeforeWrite or CrashMoment.AfterWrite;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Kind} at {At.TotalMilliseconds:0} ms for {Duration.TotalMilliseconds:0} ms" +
        (NamesClerk ? $" (clerk {Client})" : "") +
        (Kind == PbFaultKind.FlakyLinkThenFailover ? $", then the link held {Gap.TotalMilliseconds:0} ms and the primary crashed"
            : HasGap ? $", the second {Gap.TotalMilliseconds:0} ms after the first is back" : "") +
        Kind switch
        {
            PbFaultKind.DuplicateRequests => $" ({Rate:P0} of requests{(MaxDelay > TimeSpan.Zero ? $", copies up to {MaxDelay.TotalMilliseconds:0} ms late" : "")})",
            PbFaultKind.ClerkTimeouts => $" (requests up to {MaxDelay.TotalMilliseconds:0} ms, calls time out after {Timeout.TotalMilliseconds:0} ms)",
            _ when AtMoment => $" ({MomentText})",
            _ => "",
        };

    /// <summary>The moment of a crash at a moment, in words.</summary>
    [JsonIgnore]
    public string MomentText => Moment switch
    {
        CrashMoment.OnArrival => "as a request arrives",
        CrashMoment.AfterExecution => "after a request's handler returned, before its reply leaves",
        CrashMoment.AfterReply => "just after a reply left",
        CrashMoment.BeforeWrite => $"just before persister call {Write} of a request",
        CrashMoment.AfterWrite => $"just after persister call {Write} of a request",
        _ => "at once",
    };
}
